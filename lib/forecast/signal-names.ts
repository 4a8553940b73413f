/** The external signals the forecast learns (external-signals.ts), in the order of its arrays. No imports: the API schemas use it in client bundles. */
export const SIGNALS = ['temp_anomaly', 'rain', 'local_event'] as const
export type SignalName = (typeof SIGNALS)[number]
