<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>task_query</name>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="42"/>
        <source>state:FAILURE name:proj.* since:2h -worker:celery@web1 &quot;timeout&quot;   (F1: help)</source>
        <translation>state:FAILURE name:proj.* since:2h -worker:celery@web1 &quot;timeout&quot;   （F1：帮助）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="44"/>
        <source>Search the history and the window with terms; all of them must match.

Free text
  invoice SKU-17        words in the name, id, args, kwargs, result, exception or traceback
                        (case-blind; the last word of a bare term may be the start of a word
                        once it has 3 characters: &quot;timeo&quot; finds TimeoutError)
  &quot;card declined&quot;       exactly these words, in this order

Qualifiers
  state:FAILURE         the state (any case); Celery&apos;s states or your own
  name:proj.tasks.*     the task name; * is any run of characters, ? one; without them, the exact name
  worker:celery@web1    the worker (exact, or * and ?)
  exc:TimeoutError      the exception type (exact, or * and ?)
  args:&quot;SKU-17&quot;         words in the args only;  kwargs:alice  in the kwargs only
  kwargs.user_id=42     the keyword argument&apos;s value, compared as JSON: 42, 4.5, true, null, &quot;42&quot;
  id:3f2a               task ids that start with this
  since:2h  since:30m  since:7d  since:&quot;2026-12-01 08:00&quot;  since:2026-12-01T08:00:00+02:00
  until:…               the same forms: tasks sent (or started, or finished) before then;
                        a date alone in until: means the end of that day
  retries&gt;2             also &lt; &lt;= = &gt;= (retries:2 is retries=2)
  runtime&gt;5s            run time, in ms, s, m or h (a number alone is seconds)

Combining
  a b                   both (AND is optional)
  a OR b                either
  -state:SUCCESS        not this term;  -(a OR b)  neither
  (a OR b) c            parentheses group

A qualifier that is not one of these is an error: put the text in quotes to search for it
(&quot;http://example.com&quot;, &quot;ValueError: bad&quot;). Newest tasks come first.
</source>
        <translation>用若干条件搜索历史记录和当前窗口；所有条件都须匹配。

自由文本
  invoice SKU-17        名称、id、args、kwargs、结果、异常或 traceback 中的词
                        （不区分大小写；不带引号的条件的最后一个词在有 3 个字符后
                        可以只是词的开头：&quot;timeo&quot; 能找到 TimeoutError）
  &quot;card declined&quot;       正好是这些词，且按此顺序

限定词
  state:FAILURE         状态（不区分大小写）；Celery 的状态或你自定义的状态
  name:proj.tasks.*     任务名；* 匹配任意一串字符，? 匹配一个字符；不含它们时为精确名称
  worker:celery@web1    工作进程（精确匹配，或使用 * 和 ?）
  exc:TimeoutError      异常类型（精确匹配，或使用 * 和 ?）
  args:&quot;SKU-17&quot;         只在 args 中找词；  kwargs:alice  只在 kwargs 中找
  kwargs.user_id=42     该关键字参数的值，按 JSON 比较：42、4.5、true、null、&quot;42&quot;
  id:3f2a               以此开头的任务 id
  since:2h  since:30m  since:7d  since:&quot;2026-12-01 08:00&quot;  since:2026-12-01T08:00:00+02:00
  until:…               同样的写法：在此之前发送（或开始、或结束）的任务；
                        until: 中只写日期表示那一天的结束
  retries&gt;2             也可用 &lt; &lt;= = &gt;=（retries:2 即 retries=2）
  runtime&gt;5s            运行时间，单位 ms、s、m 或 h（只写数字表示秒）

组合
  a b                   两者都满足（AND 可省略）
  a OR b                满足其一
  -state:SUCCESS        不满足此条件；  -(a OR b)  两者都不满足
  (a OR b) c            用括号分组

不属于以上的限定词会报错：要搜索这样的文本，请加上引号
（&quot;http://example.com&quot;、&quot;ValueError: bad&quot;）。最新的任务在前。
</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="359"/>
        <source>this quote is never closed</source>
        <translation>这个引号没有闭合</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="379"/>
        <source>&apos;-&apos; needs a term right after it (no space): -state:SUCCESS</source>
        <translation>&apos;-&apos; 后面须紧跟一个条件（不留空格）：-state:SUCCESS</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="426"/>
        <location filename="../../../desktop/core/domain/task_query.py" line="454"/>
        <source>this &apos;)&apos; has no &apos;(&apos; before it</source>
        <translation>这个 &apos;)&apos; 前面没有对应的 &apos;(&apos;</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="435"/>
        <source>OR needs a term after it</source>
        <translation>OR 后面需要一个条件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="446"/>
        <source>AND needs a term on each side</source>
        <translation>AND 两边都需要条件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="452"/>
        <source>OR needs a term before it</source>
        <translation>OR 前面需要一个条件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="456"/>
        <location filename="../../../desktop/core/domain/task_query.py" line="470"/>
        <source>a term is missing here</source>
        <translation>此处缺少一个条件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="473"/>
        <source>parentheses nested more than {depth} deep</source>
        <translation>括号嵌套超过 {depth} 层</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="478"/>
        <source>nothing between these parentheses</source>
        <translation>这对括号之间没有内容</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="480"/>
        <location filename="../../../desktop/core/domain/task_query.py" line="484"/>
        <source>this &apos;(&apos; is never closed</source>
        <translation>这个 &apos;(&apos; 没有闭合</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="488"/>
        <source>&apos;-&apos; needs a term right after it</source>
        <translation>&apos;-&apos; 后面须紧跟一个条件</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="493"/>
        <source>more than {count} terms</source>
        <translation>条件超过 {count} 个</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="504"/>
        <source>free text</source>
        <translation>自由文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="505"/>
        <source>{what} needs letters or digits to search for</source>
        <translation>{what} 需要字母或数字才能搜索</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="518"/>
        <source>kwargs.&lt;key&gt; takes &apos;=&apos;: kwargs.user_id=42</source>
        <translation>kwargs.&lt;key&gt; 用 &apos;=&apos;：kwargs.user_id=42</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="521"/>
        <source>{key}= needs a value</source>
        <translation>{key}= 需要一个值</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="525"/>
        <source>queue: the history does not record queues</source>
        <translation>queue：历史记录不记录队列</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="527"/>
        <source>unknown qualifier {key}:</source>
        <translation>未知的限定词 {key}:</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="528"/>
        <source>{hint} (known: {known}, kwargs.&lt;key&gt;); put text in quotes to search for it</source>
        <translation>{hint}（可用的有：{known}, kwargs.&lt;key&gt;）；要搜索这段文本，请加上引号</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="531"/>
        <source>&apos;!=&apos; is not a comparison here; negate instead: -{key}={value}</source>
        <translation>这里不能用 &apos;!=&apos; 比较；请改用取反：-{key}={value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="536"/>
        <source>{key} takes &apos;:&apos; ({key}:…), not &apos;{op}&apos;</source>
        <translation>{key} 用 &apos;:&apos;（{key}:…），而不是 &apos;{op}&apos;</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="539"/>
        <source>{key}: needs a value</source>
        <translation>{key}: 需要一个值</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="543"/>
        <source>state: an empty state in the list</source>
        <translation>state: 列表中有一个空的状态</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="558"/>
        <source>runtime needs a comparison: runtime&gt;5s, runtime&lt;=200ms</source>
        <translation>runtime 需要比较符：runtime&gt;5s、runtime&lt;=200ms</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="563"/>
        <source>retries compares with a whole number, not {value}</source>
        <translation>retries 只能与整数比较，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="568"/>
        <source>runtime compares with a duration such as 5s, 200ms, 2m, 1h, not {value}</source>
        <translation>runtime 须与时长比较，如 5s、200ms、2m、1h，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="579"/>
        <source>{bound}: takes a time back from now (30m, 2h, 7d) or a date and time (2026-12-01 08:00), not {value}</source>
        <translation>{bound}: 须为距现在的时长（30m、2h、7d）或日期时间（2026-12-01 08:00），而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="589"/>
        <source>{bound}: {value} is not a date and time that exists ({error})</source>
        <translation>{bound}: {value} 不是一个存在的日期时间（{error}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="647"/>
        <source>a query is text</source>
        <translation>查询须为文本</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="649"/>
        <source>a query is at most {count} characters</source>
        <translation>查询最多 {count} 个字符</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="654"/>
        <source>this character cannot be searched for (a lone surrogate)</source>
        <translation>无法搜索此字符（孤立的代理项）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/domain/task_query.py" line="661"/>
        <source>this query cannot be read ({error})</source>
        <translation>无法读取此查询（{error}）</translation>
    </message>
</context>
</TS>
