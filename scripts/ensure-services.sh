#!/usr/bin/env bash
# Makes sure the PostgreSQL and Redis servers the tests use are up on 127.0.0.1 (5432, 6379), starting them with the
# machine's own commands when they are installed but stopped. Says clearly what is missing otherwise.
set -u

pg_up() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
redis_up() { command -v redis-cli >/dev/null && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }

if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "Starting PostgreSQL…"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start || true
  fi
fi
if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "Starting Redis…"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
fi
for _ in $(seq 1 50); do
  pg_up && redis_up && exit 0
  sleep 0.2
done
pg_up || echo "PostgreSQL is not reachable on 127.0.0.1:5432: the store tests need it (see docs/operations.md)." >&2
redis_up || echo "Redis is not reachable on 127.0.0.1:6379: the cross-replica tests need it (see docs/operations.md)." >&2
exit 1
