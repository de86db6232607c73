-- A card's block periods that have ended (the current block, if any, is on the card row). Sales from
-- offline terminals arrive after the fact: BLOCKED_CARD asks whether the card was blocked when it was
-- used, also when it has been opened again since (a pupil who left and came back).
create table card_block_period (
    card_id         bigint       not null references card (id),
    reason          varchar(100),
    blocked_at      timestamp with time zone,            -- NULL: blocked since before this was recorded
    unblocked_at    timestamp with time zone not null
);
create index card_block_period_card_ix on card_block_period (card_id);
