-- A lake table with no rows (no files): a typed view of nothing.
CREATE OR REPLACE VIEW {{table}} AS SELECT {{columns}} WHERE false
