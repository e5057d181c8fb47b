#!/usr/bin/env bash
# Start OpenLink Virtuoso (Debian's virtuoso-opensource-7-bin) on 127.0.0.1 for the remote-store
# tests, from a small ini in DIR, and wait until its SPARQL endpoint answers.
#   scripts/virtuoso.sh DIR HTTP_PORT SQL_PORT
# Prints the endpoint URL. Updates go to /sparql-auth (HTTP Digest, user dba, password dba: a
# throwaway test database bound to 127.0.0.1 only).
set -euo pipefail
dir=${1:?directory} http_port=${2:-18890} sql_port=${3:-11111}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa

[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:$sql_port
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., $dir

[HTTPServer]
ServerPort = 127.0.0.1:$http_port
ServerRoot = $dir
MaxClientConnections = 8
ServerThreads = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
INI
virtuoso-t -f -c "$dir/virtuoso.ini" > "$dir/stdout.log" 2>&1 &
echo $! > "$dir/virtuoso.pid"
for _ in $(seq 1 120); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D" 2>/dev/null; then
    echo "http://127.0.0.1:$http_port/sparql"
    exit 0
  fi
  sleep 0.5
done
echo "virtuoso did not start; see $dir/virtuoso.log" >&2
exit 1
