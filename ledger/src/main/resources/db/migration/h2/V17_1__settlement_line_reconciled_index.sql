-- The finance report reads a day's settlement lines by reconciled_at (V17).
create index settlement_line_reconciled_ix on settlement_line (reconciled_at);
