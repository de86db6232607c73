-- When each settlement line was reconciled: the chunk's time, which is also the booking time of what the line posted.
-- The finance report takes a day's settlement by it, so a file reconciled across midnight (or restarted the next day)
-- is counted on each day for the lines of that day, never twice; and a deposit is "unsettled as of a day" only if no
-- capture line had explained it by the end of that day.
alter table settlement_line add column reconciled_at timestamp with time zone;
-- lines of earlier versions: a line that posted was reconciled when its movement was booked (ledger_transaction_id is
-- the id of the movement, V11); one that posted nothing (a duplicate) gets the time of its file's first chunk, its
-- file's registration as a last resort. (Databases of earlier versions are the demo's and tests' only: a large table
-- would be backfilled in batches before the column is made NOT NULL.)
update settlement_line l set reconciled_at = (select m.booked_at from movement m where m.id = l.ledger_transaction_id)
where ledger_transaction_id is not null;
update settlement_line l set reconciled_at = (
    select min(b.created_at) from settlement_batch b join file_registry f on f.sha256 = b.file_sha256 where f.id = l.file_id)
where reconciled_at is null;
update settlement_line l set reconciled_at = (select f.received_at from file_registry f where f.id = l.file_id)
where reconciled_at is null;
alter table settlement_line alter column reconciled_at set not null;
-- its index is per database (V17_1)
