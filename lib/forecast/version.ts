/**
 * Version of the forecasting method, stored with every forecast and in the audit log. Bump it when
 * any model, parameter grid, selection rule or interval formula in lib/forecast changes.
 */
export const MODEL_VERSION = 'sp-forecast-1.2.0'

export const MODEL_NAMES = [
  'ets_damped_additive',
  'croston_sba',
  'tsb',
  'tsb_weekday',
  'ets_tsb_weekday_mean',
  'seasonal_naive',
  'new_item_prior',
] as const

export type ModelName = (typeof MODEL_NAMES)[number]
