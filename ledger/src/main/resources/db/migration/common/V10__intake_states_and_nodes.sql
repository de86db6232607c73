-- Issue 14: an intake that survives a process death, and executions that know which process runs them.

-- The registry's states, in the order a file passes them (docs/operations.md):
--   RECEIVED  hashed and claimed; the file is still in inbox/ (stored_path is where it is going)
--   ARCHIVED  moved to archive/<feed>/<date>/ (stored_path), no job execution yet
--   LAUNCHED  a job execution processes it (job_execution_id)
--   then PROCESSED, REJECTED, HELD, DISCARDED, FAILED, STOPPED (by a shutdown; restarted at the next start)
--   or DUPLICATE (a byte-identical copy, in error/).
-- The old inline check cannot be dropped by name on both databases, so the column is replaced.
alter table file_registry add column state varchar(12);
update file_registry set state = case status when 'PROCESSING' then 'LAUNCHED' else status end;
alter table file_registry drop column status;
alter table file_registry rename column state to status;
alter table file_registry alter column status set not null;
alter table file_registry add constraint file_registry_status_ck check (status in ('RECEIVED', 'ARCHIVED', 'LAUNCHED',
    'PROCESSED', 'REJECTED', 'HELD', 'DISCARDED', 'FAILED', 'STOPPED', 'DUPLICATE'));
-- where the file lay in inbox/ when it was claimed (a resumed claim is recognised by it)
alter table file_registry add column inbox_path varchar(1000);
create index file_registry_status_ix on file_registry (status);

-- One row per process that ever ran cardoffice against this database. A process is alive while it
-- renews its heartbeat; a process of the same node name that starts again proves the earlier one dead.
create table job_node (
    incarnation   varchar(36)  primary key,
    node_name     varchar(100) not null,
    host          varchar(255) not null,
    pid           bigint       not null,
    started_at    timestamp with time zone not null default current_timestamp,
    heartbeat_at  timestamp with time zone not null default current_timestamp,
    stopped_at    timestamp with time zone
);
create index job_node_name_ix on job_node (node_name);

-- Which process runs (or ran) each job execution, and whether someone asked it to stop.
create table job_execution_owner (
    job_execution_id bigint      primary key,
    incarnation      varchar(36) not null,
    stop_requested   varchar(10) check (stop_requested in ('OPERATOR', 'SHUTDOWN'))
);

-- Every restart decision: an execution a dead process left running (or a shutdown stopped), or an operator
-- restarted, what was done with it and by whom. failed_execution_id is the key: two nodes, or a node and an
-- operator, cannot both restart one execution.
create table job_recovery (
    failed_execution_id bigint       primary key,
    job_name            varchar(100) not null,
    -- RECOVERED: marked failed, restart still to come (taken over if the deciding process dies);
    -- OPERATOR_RESTART: an operator restarted it (the same key keeps recovery from restarting it too)
    decision            varchar(20)  not null check (decision in ('RESTARTED', 'RECOVERED', 'NOT_RESTARTED', 'OPERATOR_RESTART')),
    new_execution_id    bigint,
    recovered_by        varchar(36)  not null,
    reason              varchar(1000) not null,
    decided_at          timestamp with time zone not null default current_timestamp
);
create index job_recovery_new_ix on job_recovery (new_execution_id);
