-- Switchboard schema: tenants, their phone numbers, the live call ledger and the call history.
--
-- Tenant isolation is enforced here, not only in the application: the application connects as a
-- member of switchboard_app, which owns nothing, and every tenant-owned table has row-level
-- security. Each transaction states whom it acts for with
--   set_config('switchboard.role', 'operator' | 'system' | 'tenant_admin' | 'tenant_viewer', true)
--   set_config('switchboard.organization_id', '<id>', true)
-- A transaction that states nothing sees nothing (fail closed).

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'switchboard_app') then
    create role switchboard_app nologin;
  end if;
end
$$;

-- The acting role and organization of the current transaction.
create function sb_role() returns text
  language sql stable
  as $$ select coalesce(nullif(current_setting('switchboard.role', true), ''), 'none') $$;

create function sb_organization_id() returns bigint
  language sql stable
  as $$ select nullif(current_setting('switchboard.organization_id', true), '')::bigint $$;

-- Operators administer the platform; 'system' is the control plane itself (routing a call before
-- its organization is known, the call ledger, authentication look-ups).
create function sb_sees_all() returns boolean
  language sql stable
  as $$ select sb_role() in ('operator', 'system') $$;

create table organizations (
  id                   bigint generated always as identity primary key,
  slug                 text        not null,
  name                 text        not null,
  agent_config         jsonb       not null default '{}'::jsonb,
  max_concurrent_calls integer     not null default 5,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  constraint organizations_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  constraint organizations_name_length check (char_length(name) between 1 and 200),
  constraint organizations_agent_config_object check (jsonb_typeof(agent_config) = 'object'),
  constraint organizations_limit_range check (max_concurrent_calls between 0 and 100000)
);
create unique index organizations_slug_key on organizations (slug);

create table app_users (
  id              bigint generated always as identity primary key,
  organization_id bigint references organizations (id) on delete cascade,
  email           text        not null,
  display_name    text        not null default '',
  password_hash   text        not null,
  role            text        not null,
  enabled         boolean     not null default true,
  created_at      timestamptz not null default now(),
  constraint app_users_role_known check (role in ('operator', 'tenant_admin', 'tenant_viewer')),
  -- Operators belong to the platform, everyone else to exactly one organization.
  constraint app_users_role_scope check ((role = 'operator') = (organization_id is null)),
  constraint app_users_email_format check (email ~ '^[^@\s]+@[^@\s]+$' and char_length(email) <= 254)
);
create unique index app_users_email_key on app_users (lower(email));
create index app_users_organization_idx on app_users (organization_id);

create table api_tokens (
  id              bigint generated always as identity primary key,
  user_id         bigint      not null references app_users (id) on delete cascade,
  -- Copied from the user so that row-level security needs no join.
  organization_id bigint references organizations (id) on delete cascade,
  name            text        not null,
  -- SHA-256 of the secret; the secret itself is shown once and never stored.
  token_hash      bytea       not null,
  token_prefix    text        not null,
  created_at      timestamptz not null default now(),
  expires_at      timestamptz,
  last_used_at    timestamptz,
  revoked_at      timestamptz,
  constraint api_tokens_hash_length check (octet_length(token_hash) = 32),
  constraint api_tokens_name_length check (char_length(name) between 1 and 100)
);
create unique index api_tokens_token_hash_key on api_tokens (token_hash);
create index api_tokens_user_idx on api_tokens (user_id);

create table sip_numbers (
  id                   bigint generated always as identity primary key,
  -- E.164 (+390551234567) or a short PBX extension (1001) kept as dialed.
  phone_number         text        not null,
  -- Null: unassigned inventory, routes nowhere.
  organization_id      bigint references organizations (id) on delete set null,
  label                text        not null default '',
  config_override      jsonb       not null default '{}'::jsonb,
  active               boolean     not null default true,
  max_concurrent_calls integer     not null default 1,
  assigned_by          text,
  assigned_at          timestamptz,
  created_at           timestamptz not null default now(),
  updated_at           timestamptz not null default now(),
  constraint sip_numbers_phone_number_format check (phone_number ~ '^(\+[1-9][0-9]{6,14}|[0-9]{2,8})$'),
  constraint sip_numbers_label_length check (char_length(label) <= 100),
  constraint sip_numbers_config_override_object check (jsonb_typeof(config_override) = 'object'),
  constraint sip_numbers_limit_range check (max_concurrent_calls between 0 and 10000)
);
-- One number belongs to one organization at a time.
create unique index sip_numbers_phone_number_key on sip_numbers (phone_number);
create index sip_numbers_organization_idx on sip_numbers (organization_id);

create table number_assignments (
  id                   bigint generated always as identity primary key,
  sip_number_id        bigint      not null references sip_numbers (id) on delete cascade,
  phone_number         text        not null,
  action               text        not null,
  from_organization_id bigint references organizations (id) on delete set null,
  to_organization_id   bigint references organizations (id) on delete set null,
  actor                text        not null,
  at                   timestamptz not null default now(),
  constraint number_assignments_action_known check (action in ('assign', 'reassign', 'unassign'))
);
create index number_assignments_number_idx on number_assignments (sip_number_id, at desc);

create table calls (
  id               bigint generated always as identity primary key,
  -- call-<roomName>: the Temporal workflow that owns this call; makes opening idempotent.
  workflow_id      text        not null,
  room_name        text        not null,
  organization_id  bigint references organizations (id) on delete set null,
  sip_number_id    bigint references sip_numbers (id) on delete set null,
  called_number    text        not null,
  caller_number    text,
  sip_call_id      text,
  sip_call_id_full text,
  trunk_id         text,
  started_at       timestamptz not null,
  answered_at      timestamptz,
  ended_at         timestamptz,
  duration_seconds integer,
  -- Null while the call is in progress.
  outcome          text,
  end_reason       text,
  tickets_created  integer     not null default 0,
  gpu_host         text,
  created_at       timestamptz not null default now(),
  constraint calls_outcome_known check (outcome in (
    'completed', 'busy_number', 'busy_organization', 'unrouted', 'abandoned',
    'ghost_reaped', 'no_gpu_capacity', 'failed')),
  constraint calls_closed_consistently check ((outcome is null) = (ended_at is null)),
  constraint calls_duration_positive check (duration_seconds is null or duration_seconds >= 0),
  constraint calls_tickets_positive check (tickets_created >= 0)
);
create unique index calls_workflow_id_key on calls (workflow_id);
create index calls_organization_started_idx on calls (organization_id, started_at desc);
create index calls_number_started_idx on calls (sip_number_id, started_at desc);
create index calls_open_idx on calls (started_at) where ended_at is null;

create table active_calls (
  id              bigint generated always as identity primary key,
  call_id         bigint      not null references calls (id) on delete cascade,
  workflow_id     text        not null,
  organization_id bigint      not null references organizations (id) on delete cascade,
  sip_number_id   bigint      not null references sip_numbers (id) on delete cascade,
  room_name       text        not null,
  started_at      timestamptz not null default now(),
  -- The PBX's SIP Call-ID, for correlating with the PBX's own logs.
  sip_call_id     text
);
create unique index active_calls_call_key on active_calls (call_id);
create unique index active_calls_workflow_id_key on active_calls (workflow_id);
create index active_calls_organization_idx on active_calls (organization_id);
create index active_calls_number_idx on active_calls (sip_number_id);

-- LiveKit retries and duplicates webhooks; their ids are remembered for a while.
create table livekit_webhook_events (
  event_id    text        primary key,
  event       text        not null,
  room_name   text,
  received_at timestamptz not null default now()
);
create index livekit_webhook_events_received_idx on livekit_webhook_events (received_at);

-- Every change of a number's organization leaves an audit row, whichever code path made it.
create function sip_numbers_audit_assignment() returns trigger
  language plpgsql
  as $$
begin
  if tg_op = 'INSERT' then
    if new.organization_id is null then
      return new;
    end if;
  elsif new.organization_id is not distinct from old.organization_id then
    return new;
  end if;
  insert into number_assignments (sip_number_id, phone_number, action, from_organization_id, to_organization_id, actor)
  values (
    new.id,
    new.phone_number,
    case
      when tg_op = 'INSERT' or old.organization_id is null then 'assign'
      when new.organization_id is null then 'unassign'
      else 'reassign'
    end,
    case when tg_op = 'UPDATE' then old.organization_id end,
    new.organization_id,
    coalesce(nullif(new.assigned_by, ''), nullif(current_setting('switchboard.actor', true), ''), sb_role()));
  return new;
end
$$;
create trigger sip_numbers_audit_assignment
  after insert or update of organization_id on sip_numbers
  for each row execute function sip_numbers_audit_assignment();

-- A tenant may relabel, reconfigure and toggle its numbers, never move, renumber or re-limit them.
create function sip_numbers_guard_tenant() returns trigger
  language plpgsql
  as $$
begin
  if sb_sees_all() then
    return new;
  end if;
  if new.phone_number is distinct from old.phone_number
     or new.organization_id is distinct from old.organization_id
     or new.max_concurrent_calls is distinct from old.max_concurrent_calls
     or new.assigned_by is distinct from old.assigned_by
     or new.assigned_at is distinct from old.assigned_at then
    raise exception 'only an operator may change the number, its organization or its limit'
      using errcode = '42501';
  end if;
  return new;
end
$$;
create trigger sip_numbers_guard_tenant
  before update on sip_numbers
  for each row execute function sip_numbers_guard_tenant();

-- Row-level security. Policies name switchboard_app; the table owner (migrations) is exempt.
alter table organizations enable row level security;
alter table app_users enable row level security;
alter table api_tokens enable row level security;
alter table sip_numbers enable row level security;
alter table number_assignments enable row level security;
alter table calls enable row level security;
alter table active_calls enable row level security;

create policy organizations_read on organizations for select to switchboard_app
  using (sb_sees_all() or id = sb_organization_id());
create policy organizations_write on organizations for all to switchboard_app
  using (sb_sees_all()) with check (sb_sees_all());

create policy app_users_read on app_users for select to switchboard_app
  using (sb_sees_all() or organization_id = sb_organization_id());
create policy app_users_write on app_users for all to switchboard_app
  using (sb_sees_all() or (sb_role() = 'tenant_admin' and organization_id = sb_organization_id()))
  with check (sb_sees_all() or (sb_role() = 'tenant_admin' and organization_id = sb_organization_id()));

create policy api_tokens_read on api_tokens for select to switchboard_app
  using (sb_sees_all() or organization_id = sb_organization_id());
create policy api_tokens_write on api_tokens for all to switchboard_app
  using (sb_sees_all() or (sb_role() = 'tenant_admin' and organization_id = sb_organization_id()))
  with check (sb_sees_all() or (sb_role() = 'tenant_admin' and organization_id = sb_organization_id()));

create policy sip_numbers_read on sip_numbers for select to switchboard_app
  using (sb_sees_all() or organization_id = sb_organization_id());
create policy sip_numbers_insert on sip_numbers for insert to switchboard_app
  with check (sb_sees_all());
create policy sip_numbers_update on sip_numbers for update to switchboard_app
  using (sb_sees_all() or (sb_role() = 'tenant_admin' and organization_id = sb_organization_id()))
  with check (sb_sees_all() or (sb_role() = 'tenant_admin' and organization_id = sb_organization_id()));
create policy sip_numbers_delete on sip_numbers for delete to switchboard_app
  using (sb_sees_all());

create policy number_assignments_read on number_assignments for select to switchboard_app
  using (sb_sees_all()
         or from_organization_id = sb_organization_id()
         or to_organization_id = sb_organization_id());
create policy number_assignments_insert on number_assignments for insert to switchboard_app
  with check (sb_sees_all());

create policy calls_read on calls for select to switchboard_app
  using (sb_sees_all() or organization_id = sb_organization_id());
create policy calls_write on calls for all to switchboard_app
  using (sb_sees_all()) with check (sb_sees_all());

create policy active_calls_read on active_calls for select to switchboard_app
  using (sb_sees_all() or organization_id = sb_organization_id());
create policy active_calls_write on active_calls for all to switchboard_app
  using (sb_sees_all()) with check (sb_sees_all());

grant usage on schema public to switchboard_app;
grant select, insert, update, delete on
  organizations, app_users, api_tokens, sip_numbers, calls, active_calls, livekit_webhook_events
  to switchboard_app;
-- The audit trail is append-only, even for the application.
grant select, insert on number_assignments to switchboard_app;
grant execute on function sb_role(), sb_organization_id(), sb_sees_all() to switchboard_app;
