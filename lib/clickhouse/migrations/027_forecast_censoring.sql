-- What stockout days put back into each forecast's level (lib/forecast/censored.ts): the path,
-- band and sd_d are already multiplied by it; 1 when the window had no stockout day. The
-- drill-down says so when it moved a forecast. Rows written before this migration read 1.
ALTER TABLE forecasts {on_cluster} ADD COLUMN IF NOT EXISTS censoring_factor Float32 DEFAULT 1 AFTER sd_d;
