-- Acquirer settlement (contract §5): every line of every settlement file reconciled, with what it matched
-- and what it posted. A line's money is posted once: the line is stored in the chunk's transaction together
-- with its postings, and (file, line) is its key.
create table settlement_line (
    file_id          bigint       not null,       -- file_registry.id: a number, not the 64-character hash, on a row per top-up
    line_no          integer      not null,
    acquirer         varchar(10)  not null check (acquirer in ('WORLDLINE', 'NETS')),
    settlement_date  date         not null,
    payout_reference varchar(64)  not null,
    transaction_id   varchar(64)  not null,
    order_id         varchar(64)  not null,
    transaction_time timestamp with time zone not null,
    card_brand       varchar(20)  not null,
    type             varchar(10)  not null check (type in ('CAPTURE', 'REFUND', 'CHARGEBACK')),
    amount_ore       bigint       not null check (amount_ore > 0),
    fee_ore          bigint       not null check (fee_ore >= 0),
    outcome          varchar(16)  not null check (outcome in ('MATCHED', 'AMOUNT_MISMATCH', 'UNKNOWN_ORDER', 'DUPLICATE')),
    message          varchar(500),
    flags            varchar(100),                -- OVERDRAWN when a refund or chargeback took the member below zero
    deposit_id       bigint,                      -- the deposit the order id found, if any
    ledger_transaction_id bigint,                 -- NULL: nothing posted (the acquirer transaction was reported before)
    primary key (file_id, line_no)
);
-- a transaction reported twice, an order captured twice: both looked up per chunk
create index settlement_line_transaction_ix on settlement_line (acquirer, transaction_id);
create index settlement_line_order_ix on settlement_line (order_id);

-- One row per payout (one bank transfer) of a settlement file: what the acquirer says it paid, which the
-- finance report compares with what the bank received.
create table settlement_batch (
    file_sha256      varchar(64)  not null,
    payout_reference varchar(64)  not null,
    file_name        varchar(100) not null,
    acquirer         varchar(10)  not null,
    settlement_date  date         not null,
    line_count       integer      not null,
    gross_ore        bigint       not null,       -- Σ CAPTURE − Σ REFUND and CHARGEBACK
    fee_ore          bigint       not null,
    net_ore          bigint       not null,       -- gross − fees: expected at the bank
    posted_net_ore   bigint       not null,       -- what the ledger booked to the bank for it (less: lines reported before)
    matched          integer      not null,
    amount_mismatch  integer      not null,
    unknown_order    integer      not null,
    duplicate        integer      not null,
    created_at       timestamp with time zone not null default current_timestamp,
    primary key (file_sha256, payout_reference)
);

-- What settlement found for a deposit is in its CAPTURE line (deposit_id, outcome MATCHED or AMOUNT_MISMATCH: at
-- most one per deposit, a second capture is a DUPLICATE); nothing is written to the deposit when it settles, so a
-- day's 500,000 top-ups settle without rewriting 500,000 deposit rows (docs/performance.md). A deposit no
-- settlement explains N days after it was recorded gets a deposit_unsettled row, once. deposit.settlement_status of
-- V3 is dropped for the view below, which says it all: PENDING, SETTLED, AMOUNT_MISMATCH or UNSETTLED.
alter table deposit drop column settlement_status;
create table deposit_unsettled (
    deposit_id       bigint       primary key references deposit (id),
    marked_at        timestamp with time zone not null
);
create view deposit_settlement_status as
select d.id as deposit_id, d.order_id,
       coalesce((select case l.outcome when 'MATCHED' then 'SETTLED' else l.outcome end from settlement_line l
                 where l.order_id = d.order_id and l.deposit_id = d.id and l.type = 'CAPTURE' and l.outcome in ('MATCHED', 'AMOUNT_MISMATCH')),
                case when exists (select 1 from deposit_unsettled u where u.deposit_id = d.id) then 'UNSETTLED' else 'PENDING' end) as status
from deposit d;
-- what refunds and chargebacks have taken back of a deposit so far (rare: updated in place)
alter table deposit add column reversed_ore bigint not null default 0;

-- settlement-reconciliation chunks of overlapping runs for the same acquirer take turns: a transaction or an order
-- reported in two files is seen by the second only after the first has committed it. The acquirers do not share
-- transactions or deposits, so a Worldline and a Nets file run side by side.
insert into job_lock (name) values ('settlement-reconciliation:NETS');
insert into job_lock (name) values ('settlement-reconciliation:WORLDLINE');
