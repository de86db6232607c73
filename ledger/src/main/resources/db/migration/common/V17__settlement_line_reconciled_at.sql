-- When each settlement line was reconciled: the chunk's time, which is also the booking time of what the line posted.
-- The finance report takes a day's settlement by it, so a file reconciled across midnight (or restarted the next day)
-- is counted on each day for the lines of that day, never twice; and a deposit is "unsettled as of a day" only if no
-- capture line had explained it by the end of that day. Lines of earlier versions get their file's first chunk's time.
alter table settlement_line add column reconciled_at timestamp with time zone;
update settlement_line l set reconciled_at = (
    select min(b.created_at) from settlement_batch b join file_registry f on f.sha256 = b.file_sha256 where f.id = l.file_id);
update settlement_line set reconciled_at = current_timestamp where reconciled_at is null;
alter table settlement_line alter column reconciled_at set not null;
-- its index is per database (V17_1)
