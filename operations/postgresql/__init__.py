"""Django's PostgreSQL backend with a client-side deadline on every wait for the server.

Set as ``ENGINE`` by the production settings (Django documents subclassing a built-in backend
as the way to change its behaviour). ``OPTIONS["answer_timeout"]`` (seconds) bounds every
query, commit, rollback and connection health check; see operations/deadlines.py for why the
server's own ``statement_timeout`` and TCP keepalives cannot end a wait on a frozen server.
"""
