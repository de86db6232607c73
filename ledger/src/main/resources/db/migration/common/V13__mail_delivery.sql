-- The mail outbox delivered with retries (issue 17): a message is claimed by one deliverer for a while (two processes,
-- or a job step and the background sender, never send the same message at once), retried with a growing pause
-- while the SMTP server is away, and marked failed when the server refuses it for good (5xx) or it kept failing.
alter table mail_outbox add column html_body varchar(200000);
alter table mail_outbox add column message_id varchar(250);
alter table mail_outbox add column attempts integer not null default 0;
alter table mail_outbox add column next_attempt_at timestamp with time zone;
alter table mail_outbox add column claimed_by varchar(64);
alter table mail_outbox add column claimed_until timestamp with time zone;
alter table mail_outbox add column failed_at timestamp with time zone;
alter table mail_outbox add column last_error varchar(1000);
