"""Where the console connects to and how: profiles, the connection form's rules, TLS, Sentinel,
and every mask of a secret (``secrets``). Imports only the domain."""
