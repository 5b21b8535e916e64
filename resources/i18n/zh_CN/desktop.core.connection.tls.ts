<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>tls</name>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="93"/>
        <source>CA file not found: {path} (ssl_ca_certs)</source>
        <translation>找不到 CA 文件：{path}（ssl_ca_certs）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="95"/>
        <source>CA file {path} (ssl_ca_certs) holds no usable certificate: {reason}</source>
        <translation>CA 文件 {path}（ssl_ca_certs）中没有可用的证书：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="100"/>
        <source>client certificate file not found or unreadable: {path} ({option})</source>
        <translation>找不到或无法读取客户端证书文件：{path}（{option}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="112"/>
        <source>the client key {path} is encrypted; use a key without a passphrase</source>
        <translation>客户端私钥 {path} 已加密；请使用没有口令的私钥</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="114"/>
        <source>(in the same file)</source>
        <translation>（在同一文件中）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="115"/>
        <source>client certificate {certificate} and key {key} cannot be used: {reason}</source>
        <translation>无法使用客户端证书 {certificate} 和私钥 {key}：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="130"/>
        <source>ssl_cert_reqs must be required, optional or none (or CERT_REQUIRED, …), not {value}</source>
        <translation>ssl_cert_reqs 必须是 required、optional 或 none（或 CERT_REQUIRED 等），而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="142"/>
        <source>{option} must be true or false, not {value}</source>
        <translation>{option} 必须是 true 或 false，而不是 {value}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="202"/>
        <source>{options}: TLS options need a rediss:// URL, not redis://</source>
        <translation>{options}：TLS 选项需要 rediss:// URL，而不是 redis://</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="213"/>
        <source>unknown TLS option {options} (known: {known})</source>
        <translation>未知的 TLS 选项 {options}（可用：{known}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="236"/>
        <source>ssl_keyfile needs ssl_certfile (the client certificate it belongs to)</source>
        <translation>ssl_keyfile 需要 ssl_certfile（该私钥所属的客户端证书）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="238"/>
        <source>ssl_check_hostname=true needs ssl_cert_reqs=required or optional</source>
        <translation>ssl_check_hostname=true 需要 ssl_cert_reqs=required 或 optional</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="272"/>
        <source>{options}: TLS options need an amqps:// URL, not {scheme}://</source>
        <translation>{options}：TLS 选项需要 amqps:// URL，而不是 {scheme}://</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="330"/>
        <source>the server wants a client certificate ({options})</source>
        <translation>服务器要求客户端证书（{options}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="331"/>
        <source>the server does not trust the client certificate&apos;s CA</source>
        <translation>服务器不信任客户端证书的 CA</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="332"/>
        <source>the server did not accept the client certificate</source>
        <translation>服务器不接受客户端证书</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="333"/>
        <source>the server says the client certificate has expired</source>
        <translation>服务器称客户端证书已过期</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="334"/>
        <source>the server does not speak TLS on this port (a redis:// URL?)</source>
        <translation>服务器在此端口上不使用 TLS（是否应使用 redis:// URL？）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="335"/>
        <source>no TLS version both sides support</source>
        <translation>双方没有共同支持的 TLS 版本</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="336"/>
        <source>no cipher or TLS version both sides support</source>
        <translation>双方没有共同支持的加密算法或 TLS 版本</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="338"/>
        <source>the server closed the connection (a server that wants a client certificate does this: {options})</source>
        <translation>服务器关闭了连接（要求客户端证书的服务器会这样做：{options}）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="341"/>
        <source>no answer to the TLS handshake: does the server speak TLS on this port? (a redis:// URL?)</source>
        <translation>TLS 握手没有应答：服务器在此端口上使用 TLS 吗？（是否应使用 redis:// URL？）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="352"/>
        <source>certificate not trusted: {reason}</source>
        <translation>证书不受信任：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="356"/>
        <source>TLS handshake failed: {reason}</source>
        <translation>TLS 握手失败：{reason}</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="432"/>
        <source>server requires TLS: connect with an amqps:// URL (see ssl_ca_certs, ssl_cert_reqs)</source>
        <translation>服务器要求 TLS：请使用 amqps:// URL 连接（参见 ssl_ca_certs、ssl_cert_reqs）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="433"/>
        <source>server requires TLS: connect with a rediss:// URL (see ssl_ca_certs, ssl_cert_reqs)</source>
        <translation>服务器要求 TLS：请使用 rediss:// URL 连接（参见 ssl_ca_certs、ssl_cert_reqs）</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="439"/>
        <source>TLS not verified</source>
        <translation>TLS 未验证</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="440"/>
        <source>TLS host name not checked</source>
        <translation>TLS 主机名未校验</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="442"/>
        <source>ssl_cert_reqs=none: the server&apos;s certificate is not checked; anyone on the way can read and change the traffic</source>
        <translation>ssl_cert_reqs=none：不校验服务器证书；途中任何人都能读取和篡改通信内容</translation>
    </message>
    <message>
        <location filename="../../../desktop/core/connection/tls.py" line="445"/>
        <source>ssl_check_hostname=false: any certificate the CA signed is taken, for whatever host it names</source>
        <translation>ssl_check_hostname=false：接受该 CA 签发的任何证书，无论它指向哪个主机</translation>
    </message>
</context>
</TS>
