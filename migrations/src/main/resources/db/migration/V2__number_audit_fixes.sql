-- Two faults of the number audit trail, each shown by a test in activities (db.SchemaTest).
--
-- 1. Deleting an organization that still held numbers failed: the foreign key's "on delete set
--    null" on sip_numbers fires the audit trigger, whose 'unassign' row references the organization
--    being deleted, and number_assignments' own foreign key refused it. An audit trail should not
--    forget whose a number was anyway, so its organization columns keep plain ids (never reused:
--    they come from an identity column) instead of foreign keys.
alter table number_assignments
  drop constraint number_assignments_from_organization_id_fkey,
  drop constraint number_assignments_to_organization_id_fkey;

create index number_assignments_from_organization_idx on number_assignments (from_organization_id);
create index number_assignments_to_organization_idx on number_assignments (to_organization_id);

-- 2. The audit row named sip_numbers.assigned_by before the transaction's actor, so any statement
--    that moved a number without rewriting assigned_by (a hand-written update, the foreign key
--    action above) credited the previous assigner. The stated actor comes first now; assigned_by
--    counts only when this very statement set it; psql sessions that state nothing are named by
--    their login.
create or replace function sip_numbers_audit_assignment() returns trigger
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
    coalesce(
      nullif(current_setting('switchboard.actor', true), ''),
      case when tg_op = 'INSERT' or new.assigned_by is distinct from old.assigned_by
           then nullif(new.assigned_by, '') end,
      session_user::text));
  return new;
end
$$;
