<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>worker_reports</name>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="24"/>
        <source>shutdown is final: the worker finishes its running tasks and exits, and the console cannot start it again (only its supervisor, e.g. systemd or Kubernetes, can)</source>
        <translation>关闭是不可逆的：工作进程会完成正在运行的任务后退出，控制台无法再启动它（只有它的管理者，例如 systemd 或 Kubernetes，才能）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="71"/>
        <source>terminate needs the prefork, eventlet or gevent pool: this worker runs the {pool} pool, which cannot stop a running task (the task is only revoked)</source>
        <translation>终止需要 prefork、eventlet 或 gevent 进程池：此工作进程运行的是 {pool} 进程池，无法停止正在运行的任务（任务只会被撤销）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="79"/>
        <source>pool grow is refused while autoscale is on (max {max}, min {min}): change the autoscale range instead</source>
        <translation>开启 autoscale 时会拒绝扩大进程池（max {max}，min {min}）：请改为调整 autoscale 的范围</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="84"/>
        <source>pool shrink is refused while autoscale is on (max {max}, min {min}): change the autoscale range instead</source>
        <translation>开启 autoscale 时会拒绝缩小进程池（max {max}，min {min}）：请改为调整 autoscale 的范围</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="91"/>
        <source>the {pool} pool has a fixed size: it cannot grow</source>
        <translation>{pool} 进程池大小固定：无法扩大</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="92"/>
        <source>the {pool} pool has a fixed size: it cannot shrink</source>
        <translation>{pool} 进程池大小固定：无法缩小</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="97"/>
        <source>shrinking by {n} would leave no process: the pool has {size}</source>
        <translation>缩小 {n} 个将不剩任何进程：进程池只有 {size} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="100"/>
        <source>autoscale needs a worker started with --autoscale=MAX,MIN: this one runs a fixed pool (grow or shrink it instead)</source>
        <translation>autoscale 需要以 --autoscale=MAX,MIN 启动的工作进程：此工作进程运行的是固定大小的进程池（请改为扩大或缩小它）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="106"/>
        <source>pool_restart needs worker_pool_restarts = True in the worker&apos;s configuration: this worker refuses it</source>
        <translation>pool_restart 需要工作进程配置中的 worker_pool_restarts = True：此工作进程会拒绝它</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="112"/>
        <source>the {pool} pool does not enforce time limits: the new limits are stored but no task is stopped</source>
        <translation>{pool} 进程池不执行时间限制：新的限制会被保存，但不会停止任何任务</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="117"/>
        <source>the gevent pool enforces only the hard time limit: the soft limit is stored but never raised</source>
        <translation>gevent 进程池只执行硬时间限制：软时间限制会被保存，但永远不会触发</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="123"/>
        <source>this worker sends task events by configuration (worker_send_task_events, or -E): disable_events cannot turn those off; it answers &apos;already disabled&apos; and they keep coming</source>
        <translation>此工作进程按配置发送任务事件（worker_send_task_events 或 -E）：disable_events 无法关闭它们；它会回答 &apos;already disabled&apos;，事件照样继续到来</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="129"/>
        <source>rate limits are off on this worker (worker_disable_rate_limits): the new limit is stored but not applied</source>
        <translation>此工作进程关闭了速率限制（worker_disable_rate_limits）：新的限制会被保存，但不会生效</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="279"/>
        <source>task events: each task shows as received, started, succeeded, failed or retried the moment it happens on the worker</source>
        <translation>任务事件：每个任务在工作进程上被接收、开始、成功、失败或重试的那一刻就会显示出来</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="283"/>
        <source>a worker started with -E, or told enable_events, sends them even when its configuration says off</source>
        <translation>以 -E 启动的工作进程，或收到 enable_events 的工作进程，即使配置中关闭也会发送</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="291"/>
        <source>task-sent events: tasks appear as soon as they are sent, before a worker takes them</source>
        <translation>任务发送事件：任务一发送就会出现，不必等工作进程取走</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="294"/>
        <source>it counts where tasks are sent: a worker&apos;s value covers only the tasks it sends itself (subtasks, callbacks)</source>
        <translation>它在发送任务的一方生效：工作进程上的值只影响它自己发送的任务（子任务、回调）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="303"/>
        <source>STARTED state: a running task shows as started instead of pending until it finishes</source>
        <translation>STARTED 状态：正在运行的任务显示为已开始，而不是在完成前一直显示为等待中</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="306"/>
        <source>a task can turn it on for itself with track_started=True</source>
        <translation>任务可以用 track_started=True 为自己开启</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/cluster/worker_reports.py" line="312"/>
        <source>extended results: name, arguments, worker, retries and queue are stored with each result, so tasks other programs sent show what they are</source>
        <translation>扩展结果：每个结果都会保存名称、参数、工作进程、重试次数和队列，因此其他程序发送的任务也能看出是什么</translation>
    </message>
</context>
</TS>
