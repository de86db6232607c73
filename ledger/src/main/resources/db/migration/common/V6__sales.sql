-- Terminal sales (contract §4). A posted sale is one ledger transaction (type SALE or REFUND, business
-- key terminal_id:sale_id) plus this row: where, when, on which card, its items for the statements, the
-- flags for finance, and the file line it came from (for the receipt).
create table sale (
    transaction_id  bigint       primary key references ledger_transaction (id),
    terminal_id     varchar(40)  not null,
    sale_id         varchar(60)  not null,
    type            varchar(6)   not null check (type in ('SALE', 'REFUND')),
    institution_no  varchar(6)   not null references institution (institution_no),
    institution_type varchar(10) not null,
    card_number     varchar(8)   not null,
    account_id      bigint       not null references account (id),   -- the member's account, or SUSPENSE
    amount_ore      bigint       not null check (amount_ore >= 0),
    sold_at         timestamp with time zone not null,
    sale_day        date         not null,                           -- the Copenhagen calendar day of sold_at
    -- one item per line: item_code TAB item_name TAB quantity TAB unit price in øre
    items           varchar      not null,
    flags           varchar(100),                                    -- comma-separated, NULL when none
    file_sha256     varchar(64)  not null,
    line_no         integer      not null,
    constraint sale_key_uq unique (terminal_id, sale_id)
);
-- daily limits: what a member spent that day; the receipt: a file's sales in line order
create index sale_account_day_ix on sale (account_id, sale_day);
create index sale_file_ix on sale (file_sha256, line_no);

-- One row per flag, for finance: what to look at, and what an operator did about it.
create table sale_flag (
    transaction_id  bigint       not null references sale (transaction_id),
    flag            varchar(20)  not null check (flag in ('BLOCKED_CARD', 'OVER_DAILY_LIMIT', 'OVERDRAWN', 'UNKNOWN_CARD')),
    resolved_at     timestamp with time zone,
    resolution      varchar(200),
    primary key (transaction_id, flag)
);
create index sale_flag_open_ix on sale_flag (flag, resolved_at);

-- The sales of a file that were not posted: DUPLICATE (posted before) or REJECTED (a malformed line).
create table sale_reject (
    file_sha256     varchar(64)  not null,
    line_no         integer      not null,
    sale_id         varchar(60)  not null,
    status          varchar(10)  not null check (status in ('DUPLICATE', 'REJECTED')),
    message         varchar(2000) not null,
    primary key (file_sha256, line_no)
);

-- sales-posting chunks of concurrent runs take turns: a sale in two files posts once, balances are read and
-- written by one chunk at a time
insert into job_lock (name) values ('sales-posting');
