-- Nightly statements and notices (issue 17): what each guardian wants, and when a low-balance notice was sent.

-- The guardian's own choices in the portal (PUT /guardians/{cpr}/notifications). portal_email wins over the e-mail
-- the enrolment snapshot gave (guardian.email), which stays the default until the guardian sets one.
alter table guardian add column portal_email varchar(254);
alter table guardian add column daily_statements boolean not null default true;

-- An account a guardian was told is below their threshold: no new notice while it stays there; the row goes when the
-- account ends a day at or above it again, so the next fall below is told again ("once per crossing").
create table low_balance_notice (
    guardian_id     bigint      not null references guardian (id),
    account_id      bigint      not null references account (id),
    below_since     date        not null,
    primary key (guardian_id, account_id)
);
