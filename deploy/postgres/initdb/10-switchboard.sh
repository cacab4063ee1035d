#!/bin/bash
# Runs once, on the first start of an empty data volume (postgres image's docker-entrypoint-initdb.d),
# as the cluster superuser. It creates the three logins of the stack:
#
#   switchboard_owner  owns the switchboard database; the server runs Flyway with it at start-up
#   switchboard        the server's everyday login: a member of switchboard_app, owner of nothing,
#                      so row-level security applies to every query it makes
#   temporal           Temporal's persistence; the compose file's temporal-schema job creates its databases (CREATEDB)
#
# switchboard_app is created here (nologin) so that the application login can join it before the
# first migration; migration V1 creates it only "if not exists" and grants it what it needs.
set -euo pipefail

: "${SWITCHBOARD_DB_OWNER_PASSWORD:?}"
: "${SWITCHBOARD_DB_APP_PASSWORD:?}"
: "${TEMPORAL_DB_PASSWORD:?}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set owner_password="$SWITCHBOARD_DB_OWNER_PASSWORD" \
  --set app_password="$SWITCHBOARD_DB_APP_PASSWORD" \
  --set temporal_password="$TEMPORAL_DB_PASSWORD" <<'SQL'
create role switchboard_owner login password :'owner_password';
create database switchboard owner switchboard_owner;
create role switchboard_app nologin;
create role switchboard login password :'app_password' in role switchboard_app;
revoke all on database switchboard from public;
grant connect on database switchboard to switchboard;
create role temporal login createdb password :'temporal_password';
SQL
