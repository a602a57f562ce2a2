#!/bin/sh
# Starts the service selected at build time: node dist/apps/${APP}/main.js "$@".
# The migration hook Job runs the same entrypoint with --migrate-only.
# dist/apps/${APP}/src/main.js is accepted too (tsc with rootDir "." keeps the src/ level).
# exec: node becomes PID 1 and receives SIGTERM directly (the app drains on it).
set -eu
: "${APP:?APP is not set: build the image with --build-arg APP=<service>}"
main="dist/apps/${APP}/main.js"
[ -f "${main}" ] || main="dist/apps/${APP}/src/main.js"
exec node "${main}" "$@"
