/**
 * Generated from the OpenAPI document (lib/openapi.ts) by openapi-typescript: do not edit.
 * Regenerate with `npm run gen:api`; `npm test` fails while this file is out of date.
 */

export interface paths {
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alert cards, by value at risk, with counts by severity and type */
        get: operations["listAlerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Acceptance and override rates of decided recommendations, by agent, category or planner
         * @description Decided = approved + modified + rejected. Acceptance = approved unchanged / decided; override = (modified + rejected) / decided (DESIGN.md).
         */
        get: operations["getDecisionRates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert card with every lifecycle step */
        get: operations["getAlert"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/decision": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve, modify, reject, snooze or acknowledge an alert
         * @description modify needs quantity and reason; reject needs reason; snooze needs until (in the future, at most 30 days ahead). Send the revision you looked at: if the alert changed since, or was already decided, the answer is 409 naming its status. Needs the actions scope, or a person whose role may decide (admin, ops manager, planner). Approving or modifying also needs the approver the approval rules ask for at the value decided (GET /api/v1/approval-rules): a planner up to Y, an operations manager (or admin) above it; an API key approves up to a planner's limit. Every decision records the rule version that applied (rule_version in the history).
         */
        post: operations["decideAlert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The day's summary for operations managers: a headline and paragraphs written from the day's figures
         * @description Written from a template over the figures (no language model): every sentence is a figure. The day in progress is rewritten after each agents sweep (every 15 minutes and after each recompute) and every hour; a day is written a last time just after midnight UTC. Changes are against the previous day's summary; without one they are left out.
         */
        get: operations["getDailySummary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/model-accuracy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live accuracy of the stored forecasts by segment: WAPE, bias, MASE, weekly blocks and drift
         * @description The forecast in force for each day (the latest run that covered it) against the units sold that day, for every sku x location x channel with a stored forecast, by category, region, channel or demand class. WAPE = sum |A - F| / sum A; bias = sum (F - A) / sum A (positive: over-forecast); MASE = sum |A - F| / the same days' in-sample seasonal naive (7-day) error of each series over the 8 weeks before the period. Weekly blocks end on `to`; the drift judgement compares the latest block with the ones before it (drift_rule). The period defaults to the 12 weeks to yesterday and may cover at most 366 days. A caller restricted to some locations gets theirs.
         */
        get: operations["getModelAccuracy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The audit trail: every alert transition, sign-in (failed ones too), sign-out and refused request, newest first
         * @description Filters combine (all must hold). Page with before_seq = next_before_seq of the previous page. With format=csv, or Accept: text/csv, the answer is a CSV file of every matching entry (limit does not apply), cells safe to open in a spreadsheet. An API key with the read scope, or an administrator signed in; other roles get 403 (the refusal is itself audited).
         */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check the hash chain of the audit trail and name the first broken entry
         * @description Reads every entry up to the head found when the check starts, recomputes each hash (SHA-256 of the canonical JSON of the entry with its seq and the previous hash) and follows the links. An altered entry, a missing seq, entries out of order or twice, and a broken link make ok false and name the first such entry. An API key with the read scope, or an administrator signed in; other roles get 403 (the refusal is itself audited).
         */
        get: operations["verifyAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/approval-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The approval rules in force: who must approve a recommendation, by action type and value
         * @description Per action type (reorder, expedite, transfer, reallocate, markdown) two thresholds X = auto_below <= Y = planner_up_to, compared with the money the recommendation commits (its cost: the order value at cost, the expedite fee, the transfer cost; after a modification, scaled to the decided quantity): below X it is approved by the rule and executes without a person; from X to Y a planner (or an operations manager, or an admin) approves; above Y an operations manager (or an admin). Critical alerts, replenishment exceptions and recommendations whose confidence is below confidence_floor never run without a person. Version 1 is the defaults; every decision records the version that applied.
         */
        get: operations["getApprovalRules"];
        put?: never;
        /**
         * Save a new version of the approval rules (admins, signed in)
         * @description Per action type (reorder, expedite, transfer, reallocate, markdown) two thresholds X = auto_below <= Y = planner_up_to, compared with the money the recommendation commits (its cost: the order value at cost, the expedite fee, the transfer cost; after a modification, scaled to the decided quantity): below X it is approved by the rule and executes without a person; from X to Y a planner (or an operations manager, or an admin) approves; above Y an operations manager (or an admin). Critical alerts, replenishment exceptions and recommendations whose confidence is below confidence_floor never run without a person. Version 1 is the defaults; every decision records the version that applied. Send the version the change was made on as expected_version: if another version was saved since, the answer is 409 and nothing is written. Needs an admin's session; API keys are refused (403). Audited as a rule change with the rules before and after.
         */
        post: operations["postApprovalRules"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/approval-rules/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of the approval rules, newest first: who changed them, when and why */
        get: operations["listApprovalRuleVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every API key created by admins, revoked ones too (never a secret) */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key: its secret is answered this once
         * @description Scopes: ingest, read, actions. locations restricts the key to those locations (empty: all). Only the SHA-256 of the secret is stored; it cannot be shown again. A name in use by an unrevoked key (or one from API_KEYS) is refused.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke an API key: refused on every node from then on
         * @description Revoking a revoked key changes nothing and answers it as it is.
         */
        post: operations["revokeApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every local user, disabled ones too (never a password hash) */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a local user who signs in with an email and password
         * @description The password (at least 12 characters) is stored as an argon2id hash. regions and locations scope what planners and operations managers see (both empty: everything).
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a local user's name, role, scope, password, or disable them
         * @description Absent fields stay as they are. A disabled user cannot sign in and their sessions stop working. Admins cannot disable themselves or drop their own admin role.
         */
        post: operations["updateUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Action records (approved recommendations sent to the ERP/WMS/OMS), newest first, with their delivery status
         * @description Each approved or auto-approved recommendation that changes stock becomes one action, delivered by webhook signed as the Standard Webhooks specification says (webhook-id = action_id on every try). Status: pending, delivered (2xx), failed (a try failed; retried with exponential backoff and jitter), dead (the last try failed, or the receiver rejected it: needs a person), confirmed (the receiver called back).
         */
        get: operations["listActions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One action with every delivery try */
        get: operations["getAction"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/actions/{id}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The receiver's word on a delivered action: confirmed, or rejected
         * @description Sent by the ERP/WMS/OMS (an API key with the actions scope) once it carried the action out (confirmed) or refused it (rejected: the action becomes dead and its card asks for a person). Idempotent: the same callback again answers the action as it is; one that contradicts a final state answers 409.
         */
        post: operations["postActionCallback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/value": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The executive value report: figures with baseline and previous period, value by use case, daily series, decision rates, calibration
         * @description basis simulation: the demo's simulator ran the same demand under the baseline static min-max policy and under StockPulse, so value is measured (baseline cost - StockPulse cost) and every run figure has its baseline; basis real: value is what the executed decisions were estimated at and settled at, with no baseline. Every figure carries its definition. With Accept: text/csv (or format=csv) the answer is a CSV file of every table: the filters first, then each table under a line naming it and a header line, tables separated by an empty line; cells safe to open in a spreadsheet. The period is whole UTC days, from and to included, at most 2 years; previous = the period of equal length just before it. A bad date, to before from, or a longer period: 400 naming the field. An API key with the read scope, or a signed-in admin, executive or operations manager (a planner: 403). A caller restricted to locations (a person's regions and locations, a key's locations) gets the figures of those locations only; `scope` in the report names them.
         */
        get: operations["getValueReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/value.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The executive value report as a PDF
         * @description A4, drawn on the server (no browser): the filters it was made with (period, previous period, basis, scope, currency, generated at), the figures with baseline and previous, value by use case, decision rates, calibration, the daily series (long tables break across pages with their header repeated) and every figure's definition. The period is whole UTC days, from and to included, at most 2 years; previous = the period of equal length just before it. A bad date, to before from, or a longer period: 400 naming the field. An API key with the read scope, or a signed-in admin, executive or operations manager (a planner: 403). A caller restricted to locations (a person's regions and locations, a key's locations) gets the figures of those locations only; `scope` in the report names them.
         */
        get: operations["getValueReportPdf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reports/value/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The settled decisions behind the report's figures, newest first, a page at a time
         * @description Executed decisions whose horizon ended in the period (by day decided), with their estimate at decision time, their settled value and the figures behind it; filter by use case or action kind. Page with offset = next_offset. The period is whole UTC days, from and to included, at most 2 years; previous = the period of equal length just before it. A bad date, to before from, or a longer period: 400 naming the field. An API key with the read scope, or a signed-in admin, executive or operations manager (a planner: 403). A caller restricted to locations (a person's regions and locations, a key's locations) gets the figures of those locations only; `scope` in the report names them.
         */
        get: operations["listValueDecisions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a batch of events
         * @description A JSON array, or NDJSON (one event per line). The whole batch is validated; one invalid event rejects it and nothing is written. Replays are harmless: each event_id counts once.
         */
        post: operations["postEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What landed, from where, how fresh; the queue, stuck and failed work, rejected and dead-lettered batches, unknown master data */
        get: operations["getIngestStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a CSV file of one event type
         * @description The body is the CSV (header row = field names), streamed. strict: one bad row rejects the file and nothing is written; skip-bad: bad rows are skipped and listed. Re-importing the same file lands nothing twice. Needs the ingest scope; people need the admin role.
         */
        post: operations["postImport"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Undo a CSV import
         * @description Removes exactly that import's rows from every landing table (quarantine included) and from every rollup fed by them, so every figure is as before the import; its event ids are freed (the file can be imported again). Recorded with who and when. Needs the actions scope, or the admin role.
         */
        delete: operations["deleteImport"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/kpis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Today's KPIs and the per-minute trend, of one location or all
         * @description An unknown location answers zeros for its sales and null for its planning figures (no plan covers it), not an error.
         */
        get: operations["getKpis"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/forecasts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The latest daily demand forecast of a SKU at a location, with its 80% interval
         * @description With channel, or where one channel sells: one Forecast. Otherwise one per channel.
         */
        get: operations["getForecasts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Safety stock, reorder point and order-up-to level of a SKU at a location, with every input behind them */
        get: operations["getPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/risk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SKU x locations by stockout probability within the lead time, highest first, each with its product name and category */
        get: operations["getRisk"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recompute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a full recompute of forecasts, policies and risk
         * @description Needs the actions scope, or a person whose role may run it (admin, ops manager, planner). While one is queued or running, a new request joins it: the answer names that job with already_running: true.
         */
        post: operations["postRecompute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recompute jobs, newest first, and when the schedule runs next */
        get: operations["listJobs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A recompute job's state and progress */
        get: operations["getJob"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ops/storage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rows, bytes on disk and active parts per ClickHouse table */
        get: operations["getStorage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness of Redis and ClickHouse, and whether ingest is moving
         * @description No credentials and no secrets: for load balancers and uptime checks.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The process's Prometheus metrics
         * @description For scrapers: an API key with the read scope, no session.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Event: components["schemas"]["SaleEvent"] | components["schemas"]["ReturnEvent"] | components["schemas"]["InventorySnapshotEvent"] | components["schemas"]["InventoryMovementEvent"] | components["schemas"]["PurchaseOrderEvent"] | components["schemas"]["PoReceiptEvent"] | components["schemas"]["TransferEvent"] | components["schemas"]["PriceChangeEvent"] | components["schemas"]["PromotionEvent"] | components["schemas"]["ExternalSignalEvent"] | components["schemas"]["ProductEvent"] | components["schemas"]["LocationEvent"] | components["schemas"]["SupplierEvent"] | components["schemas"]["CustomerEvent"];
        SaleEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "sale";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            sku: string;
            location: string;
            /** @enum {string} */
            channel: "store" | "ecommerce" | "marketplace" | "dark_store";
            qty: number;
            unit_price: number;
            promo_id?: string;
            customer_id?: string;
            order_id?: string;
            fulfilment_location?: string;
        };
        ReturnEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "return";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            sku: string;
            location: string;
            /** @enum {string} */
            channel?: "store" | "ecommerce" | "marketplace" | "dark_store";
            qty: number;
            unit_price?: number;
            reason: string;
            /** @enum {string} */
            condition: "resellable" | "damaged" | "defective" | "unknown";
            order_id?: string;
            customer_id?: string;
        };
        InventorySnapshotEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "inventory_snapshot";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            sku: string;
            location: string;
            on_hand: number;
            reserved?: number;
        };
        InventoryMovementEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "inventory_movement";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            sku: string;
            location: string;
            /** @enum {string} */
            kind: "receipt" | "transfer_out" | "transfer_in" | "adjustment" | "shrink" | "count";
            qty: number;
            ref?: string;
        };
        PurchaseOrderEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "purchase_order";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            po_id: string;
            supplier: string;
            sku: string;
            location: string;
            qty: number;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ordered_at: string;
            promised_at: string;
        };
        PoReceiptEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "po_receipt";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            po_id: string;
            sku?: string;
            location?: string;
            qty: number;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            received_at: string;
        };
        TransferEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "transfer";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            transfer_id: string;
            from: string;
            to: string;
            sku: string;
            qty: number;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            shipped_at: string;
            expected_at: string;
        };
        PriceChangeEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "price_change";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            sku: string;
            /** @enum {string} */
            kind: "regular" | "promo" | "markdown";
            price: number;
            location?: string;
        };
        PromotionEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "promotion";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            promo_id: string;
            skus: string[];
            locations: string[];
            channels: ("store" | "ecommerce" | "marketplace" | "dark_store")[];
            start: string;
            end: string;
            discount_pct: number;
        };
        ExternalSignalEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "external_signal";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            location: string;
            /** @enum {string} */
            kind: "weather" | "local_event";
            value: number;
            /** @default [] */
            tags: string[];
        };
        ProductEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "product";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            sku: string;
            name: string;
            category: string;
            price: number;
            unit_cost: number;
            case_pack?: number;
            moq?: number;
            season_end?: string;
            department?: string;
            brand?: string;
            /** @enum {string} */
            lifecycle?: "new" | "core" | "seasonal" | "clearance" | "discontinued";
            supplier?: string;
        };
        LocationEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "location";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            location: string;
            name?: string;
            /** @enum {string} */
            kind: "store" | "dc" | "dark_store" | "ecom_node";
            region: string;
            parent?: string;
            timezone?: string;
        };
        SupplierEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "supplier";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            supplier: string;
            name: string;
        };
        CustomerEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "customer";
            event_id: string;
            /**
             * Format: date-time
             * @description ISO-8601 instant with a timezone, 2000-01-01 to one day from now
             */
            ts: string;
            customer_id: string;
            segment?: string;
            region?: string;
            home_location?: string;
            joined_at?: string;
            /** @description at most 100; names 1-64 characters, text values at most 256 */
            attributes?: {
                [key: string]: string | number | boolean;
            };
        };
        Errors: {
            /** @description every problem found, at most 100 */
            errors: {
                /** @description position in the batch; -1 for the request as a whole */
                index: number;
                /** @description the field, dotted; empty for the whole event or request */
                path: string;
                message: string;
            }[];
        };
        Message: {
            error: string;
        };
        Accepted: {
            /** @description events in the batch, all queued for landing */
            accepted: number;
        };
        KpiSnapshot: {
            /** Format: date-time */
            as_of: string;
            /** @description a location id, or "all" */
            location: string;
            kpis: {
                /** @description Units sold today (units): Sum of sale quantities since the start of the location's business day (midnight in its own time zone; UTC when it has none), all channels, each event_id counted once. All locations: each location's own today in its time zone, summed. 0 when nothing sold. */
                units_sold_today: number;
                /** @description Revenue today (currency): Sum of quantity x unit price of sales since the start of the location's business day (midnight in its own time zone; UTC when it has none), before returns. All locations: each location's own today in its time zone, summed. 0 when nothing sold. */
                revenue_today: number;
                /** @description Stockout risk (count): SKU-locations whose probability of a stockout within their lead time exceeds 30%: P(lead-time demand > position), demand with mean d*L and variance L*sd_d^2 + d^2*sd_L^2; 1 - Phi((position - d*L) / sqrt(L*sd_d^2 + d^2*sd_L^2)) from 50 units of lead-time demand, a whole-unit count (negative binomial, or Poisson) below. null while no plan covers this scope (planning_as_of is null): unknown, not zero. */
                stockout_risk_count: number | null;
                /** @description Margin at risk (currency): Expected lost margin of the at-risk SKU-locations: expected units short over the lead time, E[(lead-time demand - position)+] from the same distribution as the stockout probability, x unit margin (price - unit cost, floored at 0). null while no plan covers this scope (planning_as_of is null): unknown, not zero. */
                stockout_risk_value: number | null;
                /** @description In-stock rate (a share from 0 to 1): Share of planned SKU-locations with on hand > 0 now. null while no plan covers this scope (planning_as_of is null): unknown, not zero. */
                in_stock_rate: number | null;
                /** @description Fill rate (28 d) (a share from 0 to 1): Beta service level: units sold / (units sold + units estimated lost on stockout days at the forecast rate), last 28 days. null while no plan covers this scope (planning_as_of is null): unknown, not zero; also null when nothing sold and no sale was estimated lost in the last 28 days: a service level without demand is undefined. */
                fill_rate: number | null;
                /** @description Days of supply (days): On hand / forecast daily demand, summed over SKU-locations. null while no plan covers this scope (planning_as_of is null): unknown, not zero; also null when nothing is forecast to sell: the cover has no bound. */
                days_of_supply: number | null;
                /** @description Inventory turns (ratio): COGS of the last 28 days annualised (x 365/28) / inventory at cost now (current inventory stands in for the average). null while no plan covers this scope (planning_as_of is null): unknown, not zero; also null when the inventory at cost is 0. */
                inventory_turns: number | null;
                /** @description Markdown exposure (currency): For SKU-locations within 28 days of season end: projected units left at season end (on hand + on order - forecast) x (price - clearance price at 50% of price). null while no plan covers this scope (planning_as_of is null): unknown, not zero. */
                markdown_exposure: number | null;
            };
            /** @description units per minute over the last 60 minutes, oldest first, minutes without sales as 0 */
            trend: {
                /**
                 * Format: date-time
                 * @description start of the minute, UTC
                 */
                minute: string;
                units: number;
            }[];
            /** @description when the planning figures were computed; null while no plan covers this scope */
            planning_as_of: string | null;
            /** @description locations x categories: SKU-locations planned and at risk (the "all" scope only) */
            heatmap?: {
                location: string;
                category: string;
                series: number;
                at_risk: number;
            }[];
        };
        Health: {
            /** @enum {string} */
            status: "ok" | "degraded";
            /** @enum {string} */
            redis: "ok" | "unavailable";
            /** @enum {string} */
            clickhouse: "ok" | "unavailable";
            /** @enum {string} */
            simulator: "off" | "backfill" | "live";
            ingest: {
                /**
                 * @description stuck: the oldest accepted batch not landed has waited over INGEST_STUCK_MS; failed: batches whose retries ran out; unknown: the queue did not answer
                 * @enum {string}
                 */
                state: "ok" | "stuck" | "failed" | "unknown";
                /** @description how long the oldest accepted batch not landed yet has waited; null when the queue did not answer */
                lag_ms: number | null;
                /** @description batches accepted and not landed; null when the queue did not answer */
                queue_depth: number | null;
                /** @description batches whose retries ran out; null when the queue did not answer */
                failed_jobs: number | null;
                /** @description batches set aside after failing alone; they do not degrade health; null when ClickHouse did not answer */
                dead_lettered_batches: number | null;
            };
        };
        IngestStatus: {
            /** Format: date-time */
            as_of: string;
            /** @description events landed, each event_id once */
            events_total: number;
            /** @description events received again after they had landed, and dropped */
            duplicates_total: number;
            /** @description events landed per event type (types with none are left out) */
            by_type: {
                [key: string]: number;
            };
            /** @description per source: the newest event timestamp landed */
            last_event_at: {
                [key: string]: string | null;
            };
            sources: {
                source: string;
                events: number;
                /** @description null: never */
                last_event_at: string | null;
                /** @description null: never */
                last_flush_at: string | null;
                /** @description median gap between its flushes over the last day; 0 with fewer than two */
                usual_cadence_ms: number;
                /**
                 * @description late past 3 usual gaps (at least 2 min), silent past 10 (at least 15 min)
                 * @enum {string}
                 */
                freshness: "fresh" | "late" | "silent";
            }[];
            /** @description null when the queue did not answer */
            ingest_state: ("ok" | "stuck" | "failed") | null;
            /** @description how long the oldest accepted batch not landed has waited; with nothing waiting, the worst flush lag of the last minute */
            lag_ms: number;
            /** @description null: nothing waiting, or the queue did not answer */
            oldest_pending_received_at: string | null;
            /** @description null when the queue did not answer */
            queue_depth: number | null;
            /** @description null when the queue did not answer */
            retrying_batches: number | null;
            /** @description batches whose retries ran out; null when the queue did not answer */
            failed_jobs: number | null;
            dead_lettered_batches: {
                count: number;
                events: number;
                latest: {
                    batch: string;
                    source: string;
                    /** Format: date-time */
                    received_at: string;
                    /** Format: date-time */
                    dead_lettered_at: string;
                    events: number;
                    /** @description events of the batch that did land before it failed (an insert per table) */
                    landed: number;
                    error: string;
                }[];
            };
            /** @description null: no flush has failed */
            last_flush_failure: {
                /** Format: date-time */
                at: string;
                error: string;
                batches: number;
                /** @description batches set aside as poison */
                dead_lettered: number;
                /** @description batches handed back for retry */
                retried: number;
                /** @description ClickHouse refused the probe insert too: an outage, not a poison batch */
                outage: boolean;
            } | null;
            /** @description the latest 20, newest first */
            rejected_batches: {
                /** Format: date-time */
                at: string;
                /** @description the API key name, or csv:<key or user> for an import */
                source: string;
                /**
                 * @description present for a refused CSV import
                 * @constant
                 */
                kind?: "csv-import";
                /** @description the event type of a refused CSV import */
                type?: string;
                message?: string;
                error_count: number;
                /** @description the first 10 */
                errors: {
                    /** @description position in the batch; -1 for the request as a whole */
                    index: number;
                    /** @description the field, dotted; empty for the whole event or request */
                    path: string;
                    message: string;
                    /** @description the CSV line, for an import */
                    line?: number;
                }[];
            }[];
            /** @description SKUs, locations and suppliers that events name and master data does not (yet) */
            unknown_master_refs: {
                count: number;
                top: {
                    kind: string;
                    ref: string;
                    /** @description null: never */
                    first_seen: string | null;
                    /** @description null: never */
                    last_seen: string | null;
                    occurrences: number;
                    example_event_id: string;
                }[];
            };
            /** @description implausible events: landed in quarantine, never summed */
            quarantined: {
                count: number;
                recent: {
                    event_id: string;
                    type: string;
                    source: string;
                    /** Format: date-time */
                    ts: string;
                    rules: string[];
                    /** @description the event as JSON */
                    event: string;
                    /** Format: date-time */
                    landed_at: string;
                }[];
            };
            /** @description the latest 20 CSV imports, newest first */
            imports: {
                import_id: string;
                /** @enum {string} */
                status: "landed" | "undone";
                /**
                 * Format: date-time
                 * @description when it reached its status
                 */
                at: string;
                actor: string;
                source: string;
                type: string;
                mode: string;
                rows: number;
                landed: number;
                duplicates: number;
                rejected: number;
                quarantined: number;
                /** Format: date-time */
                landed_at: string;
            }[];
        };
        Storage: {
            /** Format: date-time */
            as_of: string;
            tables: {
                table: string;
                rows: number;
                bytes_on_disk: number;
                /** @description active parts */
                parts: number;
                partitions: number;
                max_parts_per_partition: number;
            }[];
            total_rows: number;
            total_bytes_on_disk: number;
        };
        Forecast: {
            sku: string;
            location: string;
            channel: string;
            /** @description the model the series picked by holdout error */
            model: string;
            model_version: string;
            computed_at: string;
            /** @description one per day ahead; lower and upper bound the 80% prediction interval */
            points: {
                /** Format: date */
                date: string;
                mean: number;
                lower: number;
                upper: number;
            }[];
            /** @description what stockout days put back into the forecast's level: their sales were read as lower bounds on demand (a shelf runs out on the days demand runs high, so the days that did not run out understate it), and points are already multiplied by it; 1 when no stockout day fell in the last 112 days */
            censoring_factor: number;
            /** @description what weather and local events (external_signal events) did to this forecast, learned by category and location from history; null when no signal moved it by 2% or more on any day. The same for every SKU of the category at the location */
            signals: {
                /** @description one sentence, e.g. "Weather: +18% on Mon 9 Jun–Wed 11 Jun (hot spell, 2.4 °C above normal) · Local event Sat 14 Jun: +35%": changes to the forecast units, temperatures in degrees C from the normal for the date */
                note: string;
                /** @description each day and signal that moved the forecast by 2% or more */
                days: {
                    /** Format: date */
                    date: string;
                    /** @enum {string} */
                    signal: "temp_anomaly" | "rain" | "local_event";
                    /** @description relative change the signal made to the day's forecast (0.18 = +18%) */
                    change: number;
                    /** @description temp_anomaly: degrees C above normal the forecast assumed (negative: below); rain and local_event: 1 */
                    value: number;
                }[];
            } | null;
        };
        ForecastsByChannel: {
            sku: string;
            location: string;
            /** @description one forecast per channel that sells here */
            channels: {
                sku: string;
                location: string;
                channel: string;
                /** @description the model the series picked by holdout error */
                model: string;
                model_version: string;
                computed_at: string;
                /** @description one per day ahead; lower and upper bound the 80% prediction interval */
                points: {
                    /** Format: date */
                    date: string;
                    mean: number;
                    lower: number;
                    upper: number;
                }[];
                /** @description what stockout days put back into the forecast's level: their sales were read as lower bounds on demand (a shelf runs out on the days demand runs high, so the days that did not run out understate it), and points are already multiplied by it; 1 when no stockout day fell in the last 112 days */
                censoring_factor: number;
                /** @description what weather and local events (external_signal events) did to this forecast, learned by category and location from history; null when no signal moved it by 2% or more on any day. The same for every SKU of the category at the location */
                signals: {
                    /** @description one sentence, e.g. "Weather: +18% on Mon 9 Jun–Wed 11 Jun (hot spell, 2.4 °C above normal) · Local event Sat 14 Jun: +35%": changes to the forecast units, temperatures in degrees C from the normal for the date */
                    note: string;
                    /** @description each day and signal that moved the forecast by 2% or more */
                    days: {
                        /** Format: date */
                        date: string;
                        /** @enum {string} */
                        signal: "temp_anomaly" | "rain" | "local_event";
                        /** @description relative change the signal made to the day's forecast (0.18 = +18%) */
                        change: number;
                        /** @description temp_anomaly: degrees C above normal the forecast assumed (negative: below); rain and local_event: 1 */
                        value: number;
                    }[];
                } | null;
            }[];
        };
        Policy: {
            sku: string;
            location: string;
            safety_stock: number;
            reorder_point: number;
            order_up_to: number;
            /** @description order-up-to minus position when at or below the reorder point, rounded to case pack and MOQ; else 0 */
            recommended_order_qty: number;
            service_level: number;
            z: number;
            segment: {
                abc: string;
                xyz: string;
            };
            inputs: {
                /** @description forecast demand per day, the mean over the L + review_interval_days + review_period_days days an order placed now must cover (time-phased: a promotion inside them counts) */
                d: number;
                sd_d: number;
                lead_time_days: number;
                sd_lead_time_days: number;
                lead_time_source: string;
                /** @description days between the nightly run's order opportunities: ROP = d x (lead time + this) + SS */
                review_interval_days: number;
                /** @description days of demand the order-up-to level adds to the reorder point (1 for a location its DC feeds, 7 for supplier orders) */
                review_period_days: number;
                /** @description on hand + on order - reserved */
                position: number;
                on_hand: number;
                on_order: number;
                reserved: number;
                case_pack: number;
                moq: number;
            };
            model: string;
            model_version: string;
            computed_at: string;
        };
        RiskItem: {
            sku: string;
            /** @description the product's name, as its product event last gave it; null when no product event names the sku */
            name: string | null;
            /** @description the product's category, as its product event last gave it; null when no product event names the sku */
            category: string | null;
            location: string;
            /** @description probability of a stockout within the lead time */
            stockout_probability: number;
            /** @description null when nothing is forecast to sell */
            days_of_cover: number | null;
            projected_stockout_date: string | null;
            expected_lost_margin: number;
        };
        RecomputeAccepted: {
            job_id: string;
            /**
             * @description present when a recompute was queued or running already: job_id names it
             * @constant
             */
            already_running?: true;
        };
        Job: {
            id: string;
            /** @description "scheduled", "on-demand" or "after-backfill" (the simulator's first plan) */
            name: string;
            /** @description waiting, delayed, active, completed or failed */
            state: string;
            /** @description {done, total} locations while it runs */
            progress: unknown;
            /** @description "schedule", "user:<id>" or "key:<name>" */
            requested_by: string;
            /** Format: date-time */
            created_at: string;
            started_at: string | null;
            finished_at: string | null;
            /** @description what the run did: locations, series, timings */
            result: unknown;
            error: string | null;
        };
        Jobs: {
            /** Format: date-time */
            as_of: string;
            schedule: {
                /** @description cron, UTC */
                pattern: string;
                next_run_at: string | null;
            };
            /** @description newest first */
            jobs: {
                id: string;
                /** @description "scheduled", "on-demand" or "after-backfill" (the simulator's first plan) */
                name: string;
                /** @description waiting, delayed, active, completed or failed */
                state: string;
                /** @description {done, total} locations while it runs */
                progress: unknown;
                /** @description "schedule", "user:<id>" or "key:<name>" */
                requested_by: string;
                /** Format: date-time */
                created_at: string;
                started_at: string | null;
                finished_at: string | null;
                /** @description what the run did: locations, series, timings */
                result: unknown;
                error: string | null;
            }[];
        };
        ImportSummary: {
            /** @constant */
            ok: true;
            /** @description undo with DELETE /api/v1/imports/{id} */
            import_id: string;
            type: string;
            /** @enum {string} */
            mode: "strict" | "skip-bad";
            /** @description data rows in the file (header and empty lines not counted) */
            rows: number;
            /** @description rows written now */
            landed: number;
            /** @description good rows whose event_id had landed already (or came earlier in the file) */
            duplicates: number;
            /** @description bad rows */
            rejected: number;
            ms: number;
            bytes: number;
            /** @description rows outside the plausibility bounds: in quarantine, not summed */
            quarantined: number;
            /** @description skip-bad only: the skipped rows, the first 10,000 */
            rejects?: {
                /** @description line in the file, the header being line 1 */
                line: number;
                reason: string;
                /** @description the row as it was in the file (cut at 1,000 characters) */
                row: string;
            }[];
            /** @description skip-bad only: more rows were skipped than listed */
            rejects_truncated?: boolean;
        };
        ImportError: {
            /**
             * @description present when the file was read: then the counts are too
             * @constant
             */
            ok?: false;
            error: string;
            type?: string;
            /** @enum {string} */
            mode?: "strict" | "skip-bad";
            /** @description data rows in the file (header and empty lines not counted) */
            rows?: number;
            /** @description rows written now */
            landed?: number;
            /** @description good rows whose event_id had landed already (or came earlier in the file) */
            duplicates?: number;
            /** @description bad rows */
            rejected?: number;
            ms?: number;
            bytes?: number;
            /** @description the bad rows, the first 100 (strict mode); empty for a problem with the whole request or file */
            errors: {
                /** @description line in the file, the header being line 1 */
                line: number;
                reason: string;
                /** @description the row as it was in the file (cut at 1,000 characters) */
                row: string;
            }[];
        };
        ImportUndo: {
            import_id: string;
            /** @constant */
            status: "undone";
            /** @description rows removed per landing table */
            removed: {
                [key: string]: number;
            };
            rows_removed: number;
        };
        UndoConflict: {
            error: string;
            /**
             * Format: date-time
             * @description when it was undone (absent while an undo of it is running)
             */
            undone_at?: string;
        };
        Alerts: {
            alerts: {
                id: string;
                key: string;
                /** @enum {string} */
                type: "stockout_risk" | "low_stock" | "transfer_opportunity" | "channel_conflict" | "supplier_delay" | "replenishment_exception" | "phantom_inventory" | "shrink_spike" | "sell_through_deviation" | "forecast_deviation" | "stale_data" | "model_drift";
                scope: {
                    sku: string;
                    location: string;
                    channel: string;
                    supplier: string;
                    /** @description stale-data alerts: the quiet feed, '<source>/<event type>' */
                    feed?: string;
                    /** @description model-drift alerts: the forecast segment, '<kind>:<value>' (category, region, channel, demand_class) */
                    segment?: string;
                };
                /**
                 * @description open, acknowledged, snoozed (awaiting a person); approved, modified, rejected (decided); executed (its action was delivered); expired (its action died, undelivered or refused: nothing ran, and the next card on the scope goes to a person); cleared (the condition cleared)
                 * @enum {string}
                 */
                status: "open" | "acknowledged" | "snoozed" | "approved" | "modified" | "rejected" | "executed" | "expired" | "cleared";
                /** @enum {string} */
                severity: "critical" | "high" | "medium" | "low";
                /** @description money at risk if nothing is done, in the deployment currency */
                value_at_risk: number;
                /** @description the measured condition in the unit of its thresholds (e.g. stockout probability) */
                signal: number;
                why: string;
                recommendation: {
                    /** @enum {string} */
                    action: "reorder" | "expedite" | "transfer" | "reallocate" | "markdown" | "investigate";
                    quantity: number;
                    from_location?: string;
                    split?: {
                        [key: string]: number;
                    };
                    price?: number;
                    cost: number;
                    value: number;
                    summary: string;
                };
                confidence: number;
                agent: string;
                model_version: string;
                chart: {
                    x: string[];
                    series: {
                        name: string;
                        values: number[];
                        unit: string;
                    }[];
                    refs?: {
                        name: string;
                        value: number;
                    }[];
                } | null;
                /** Format: date-time */
                opened_at: string;
                /** Format: date-time */
                updated_at: string;
                snoozed_until: string | null;
                revision: number;
                cleared_reason: string | null;
                decided_quantity: number | null;
                /** @description null when the SKU has no product row */
                product_name: string | null;
                category: string | null;
                region: string | null;
                /** @description the action an approved or modified recommendation became, with its delivery status; null or absent while there is none */
                action?: {
                    /** @description the action id, also the webhook-id of its delivery */
                    id: string;
                    /** @enum {string} */
                    kind: "reorder" | "expedite" | "transfer" | "reallocate" | "markdown";
                    /**
                     * @description pending, delivered, failed (retrying), dead (last try failed: needs a person) or confirmed by the receiver
                     * @enum {string}
                     */
                    status: "pending" | "delivered" | "failed" | "dead" | "confirmed";
                    /** @description delivery tries so far */
                    attempts: number;
                    /** @description why the last try failed, or the receiver's note; '' otherwise */
                    detail: string;
                    quantity: number;
                    /** Format: date-time */
                    updated_at: string;
                } | null;
            }[];
            /** @description over every alert the filters match, not only those returned */
            counts: {
                by_severity: {
                    [key: string]: number;
                };
                by_type: {
                    [key: string]: number;
                };
                total: number;
            };
            /** Format: date-time */
            as_of: string;
        };
        AlertDetail: {
            id: string;
            key: string;
            /** @enum {string} */
            type: "stockout_risk" | "low_stock" | "transfer_opportunity" | "channel_conflict" | "supplier_delay" | "replenishment_exception" | "phantom_inventory" | "shrink_spike" | "sell_through_deviation" | "forecast_deviation" | "stale_data" | "model_drift";
            scope: {
                sku: string;
                location: string;
                channel: string;
                supplier: string;
                /** @description stale-data alerts: the quiet feed, '<source>/<event type>' */
                feed?: string;
                /** @description model-drift alerts: the forecast segment, '<kind>:<value>' (category, region, channel, demand_class) */
                segment?: string;
            };
            /**
             * @description open, acknowledged, snoozed (awaiting a person); approved, modified, rejected (decided); executed (its action was delivered); expired (its action died, undelivered or refused: nothing ran, and the next card on the scope goes to a person); cleared (the condition cleared)
             * @enum {string}
             */
            status: "open" | "acknowledged" | "snoozed" | "approved" | "modified" | "rejected" | "executed" | "expired" | "cleared";
            /** @enum {string} */
            severity: "critical" | "high" | "medium" | "low";
            /** @description money at risk if nothing is done, in the deployment currency */
            value_at_risk: number;
            /** @description the measured condition in the unit of its thresholds (e.g. stockout probability) */
            signal: number;
            why: string;
            recommendation: {
                /** @enum {string} */
                action: "reorder" | "expedite" | "transfer" | "reallocate" | "markdown" | "investigate";
                quantity: number;
                from_location?: string;
                split?: {
                    [key: string]: number;
                };
                price?: number;
                cost: number;
                value: number;
                summary: string;
            };
            confidence: number;
            agent: string;
            model_version: string;
            chart: {
                x: string[];
                series: {
                    name: string;
                    values: number[];
                    unit: string;
                }[];
                refs?: {
                    name: string;
                    value: number;
                }[];
            } | null;
            /** Format: date-time */
            opened_at: string;
            /** Format: date-time */
            updated_at: string;
            snoozed_until: string | null;
            revision: number;
            cleared_reason: string | null;
            decided_quantity: number | null;
            /** @description null when the SKU has no product row */
            product_name: string | null;
            category: string | null;
            region: string | null;
            /** @description the action an approved or modified recommendation became, with its delivery status; null or absent while there is none */
            action?: {
                /** @description the action id, also the webhook-id of its delivery */
                id: string;
                /** @enum {string} */
                kind: "reorder" | "expedite" | "transfer" | "reallocate" | "markdown";
                /**
                 * @description pending, delivered, failed (retrying), dead (last try failed: needs a person) or confirmed by the receiver
                 * @enum {string}
                 */
                status: "pending" | "delivered" | "failed" | "dead" | "confirmed";
                /** @description delivery tries so far */
                attempts: number;
                /** @description why the last try failed, or the receiver's note; '' otherwise */
                detail: string;
                quantity: number;
                /** Format: date-time */
                updated_at: string;
            } | null;
            /** @description every lifecycle step, oldest first */
            history: {
                alert_id: string;
                transition_id: string;
                /** Format: date-time */
                at: string;
                actor: {
                    /** @enum {string} */
                    kind: "person" | "agent" | "system";
                    id: string;
                    name: string;
                };
                from: string;
                /** @enum {string} */
                to: "open" | "acknowledged" | "snoozed" | "approved" | "modified" | "rejected" | "executed" | "expired" | "cleared";
                reason: string;
                quantity_before: number | null;
                quantity_after: number | null;
                revision: number;
                /** @description decisions: the version of the approval rules that applied (GET /api/v1/approval-rules/versions); null for an agent's own steps */
                rule_version: number | null;
            }[];
        };
        AlertConflict: {
            error: string;
            /** @enum {string} */
            status: "open" | "acknowledged" | "snoozed" | "approved" | "modified" | "rejected" | "executed" | "expired" | "cleared";
            revision: number;
        };
        Decision: {
            /** @enum {string} */
            decision: "approve" | "modify" | "reject" | "snooze" | "acknowledge";
            /** @description modify: the quantity decided instead of the recommended one */
            quantity?: number;
            /** @description required to reject or modify: one of the listed reasons, optionally followed by free text */
            reason?: string;
            /**
             * Format: date-time
             * @description snooze: when the alert wakes (ISO 8601, in the future, at most 30 days ahead)
             */
            until?: string;
            /** @description the revision of the card being decided; if the alert changed since, the answer is 409 */
            revision?: number;
        };
        DecisionRates: {
            /** @enum {string} */
            by: "agent" | "category" | "planner";
            /** Format: date-time */
            since: string;
            rows: {
                /** @description the agent, category or person (their name); "(unknown)" for a SKU without a product row */
                key: string;
                /** @description approved + modified + rejected */
                decided: number;
                approved: number;
                modified: number;
                rejected: number;
                /** @description approved unchanged / decided; null while nothing was decided */
                acceptance_rate: number | null;
                /** @description (modified + rejected) / decided; null while nothing was decided */
                override_rate: number | null;
            }[];
            total: {
                /** @description the agent, category or person (their name); "(unknown)" for a SKU without a product row */
                key: string;
                /** @description approved + modified + rejected */
                decided: number;
                approved: number;
                modified: number;
                rejected: number;
                /** @description approved unchanged / decided; null while nothing was decided */
                acceptance_rate: number | null;
                /** @description (modified + rejected) / decided; null while nothing was decided */
                override_rate: number | null;
            };
        };
        DailySummary: {
            /** Format: date */
            date: string;
            /** @description '' for all locations */
            location: string;
            headline: string;
            /** @description sales, stock, alerts and top risks, in that order */
            paragraphs: string[];
            figures: {
                units: {
                    today: number;
                    /** @description null when there is no summary of the previous day to compare with */
                    yesterday: number | null;
                    /** @description relative (today / yesterday - 1) or a difference (today - yesterday); null when there is none */
                    change: number | null;
                    /** @enum {string} */
                    change_kind: "relative" | "difference";
                };
                /** @description money, in the deployment currency */
                revenue: {
                    today: number;
                    /** @description null when there is no summary of the previous day to compare with */
                    yesterday: number | null;
                    /** @description relative (today / yesterday - 1) or a difference (today - yesterday); null when there is none */
                    change: number | null;
                    /** @enum {string} */
                    change_kind: "relative" | "difference";
                };
                /** @description SKU-locations at risk of a stock-out */
                at_risk: {
                    today: number;
                    /** @description null when there is no summary of the previous day to compare with */
                    yesterday: number | null;
                    /** @description relative (today / yesterday - 1) or a difference (today - yesterday); null when there is none */
                    change: number | null;
                    /** @enum {string} */
                    change_kind: "relative" | "difference";
                };
                /** @description money: expected lost margin of the SKU-locations at risk */
                expected_lost_margin: {
                    today: number;
                    /** @description null when there is no summary of the previous day to compare with */
                    yesterday: number | null;
                    /** @description relative (today / yesterday - 1) or a difference (today - yesterday); null when there is none */
                    change: number | null;
                    /** @enum {string} */
                    change_kind: "relative" | "difference";
                };
                /** @description 0..1; its change is a difference (x 100 = percentage points) */
                in_stock_rate: {
                    today: number;
                    /** @description null when there is no summary of the previous day to compare with */
                    yesterday: number | null;
                    /** @description relative (today / yesterday - 1) or a difference (today - yesterday); null when there is none */
                    change: number | null;
                    /** @enum {string} */
                    change_kind: "relative" | "difference";
                };
                /** @description money: projected units left at season end x (price - clearance price) */
                markdown_exposure: {
                    today: number;
                    /** @description null when there is no summary of the previous day to compare with */
                    yesterday: number | null;
                    /** @description relative (today / yesterday - 1) or a difference (today - yesterday); null when there is none */
                    change: number | null;
                    /** @enum {string} */
                    change_kind: "relative" | "difference";
                };
                alerts: {
                    opened: number;
                    cleared: number;
                    decided: number;
                };
            };
            /**
             * Format: date-time
             * @description when this text was written (UTC); the summary of the day in progress is rewritten every hour
             */
            generated_at: string;
        };
        ModelAccuracy: {
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            /** @enum {string} */
            by: "category" | "region" | "channel" | "demand_class";
            /** @description '' for every location the caller may see */
            location: string;
            /** @description largest volume first */
            segments: {
                /** @description the segment's value ('(unknown)' where master data has none) */
                segment: string;
                /** @description sum |A - F| / sum A; null when undefined (nothing sold, or no naive scale) */
                wape: number | null;
                /** @description sum (F - A) / sum A; positive = over-forecast; null when undefined (nothing sold, or no naive scale) */
                bias: number | null;
                /**
                 * @description unbiased within +-2%
                 * @enum {string}
                 */
                bias_direction: "over-forecast" | "under-forecast" | "unbiased" | "unknown";
                /** @description sum |A - F| / sum of the series-days' seasonal naive (7-day) in-sample error; null when undefined (nothing sold, or no naive scale) */
                mase: number | null;
                /** @description units sold over the period (days with a stored forecast) */
                actual: number;
                /** @description units forecast over the same days */
                forecast: number;
                /** @description sku x location x channel x days scored */
                series_days: number;
                /** @description the 7-day blocks ending on `to`, oldest first */
                weeks: {
                    /** Format: date */
                    week_end: string;
                    /** @description WAPE; null when undefined (nothing sold, or no naive scale) */
                    wape: number | null;
                    /** @description bias; null when undefined (nothing sold, or no naive scale) */
                    bias: number | null;
                    /** @description MASE; null when undefined (nothing sold, or no naive scale) */
                    mase: number | null;
                    actual: number;
                }[];
                drift: {
                    judged: boolean;
                    /** @description why it was not judged */
                    reason?: string;
                    /** Format: date */
                    week_end?: string;
                    wape?: {
                        /** @description the latest week; null when undefined (nothing sold, or no naive scale) */
                        now: number | null;
                        /** @description median of the prior weeks; null when undefined (nothing sold, or no naive scale) */
                        median: number | null;
                        /** @description bottom of the usual range; null when undefined (nothing sold, or no naive scale) */
                        low: number | null;
                        /** @description top of the usual range; null when undefined (nothing sold, or no naive scale) */
                        high: number | null;
                        /** @description robust deviations from the median; null when undefined (nothing sold, or no naive scale) */
                        z: number | null;
                        drifted: boolean;
                    };
                    bias?: {
                        /** @description the latest week; null when undefined (nothing sold, or no naive scale) */
                        now: number | null;
                        /** @description median of the prior weeks; null when undefined (nothing sold, or no naive scale) */
                        median: number | null;
                        /** @description bottom of the usual range; null when undefined (nothing sold, or no naive scale) */
                        low: number | null;
                        /** @description top of the usual range; null when undefined (nothing sold, or no naive scale) */
                        high: number | null;
                        /** @description robust deviations from the median; null when undefined (nothing sold, or no naive scale) */
                        z: number | null;
                        drifted: boolean;
                    };
                    drifted: ("wape" | "bias")[];
                };
            }[];
            /** @description the drift rule in words */
            drift_rule: string;
        };
        AuditPage: {
            /** @description newest first */
            entries: {
                /** @description position in the chain, from 1, gap-free */
                seq: number;
                /** Format: date-time */
                at: string;
                /** @enum {string} */
                kind: "alert.transition" | "action.created" | "action.delivery" | "action.callback" | "rule.change" | "api_key.create" | "api_key.revoke" | "user.change" | "auth.sign_in" | "auth.sign_in_failed" | "auth.sign_out" | "auth.refused";
                actor: {
                    /** @enum {string} */
                    kind: "person" | "agent" | "key" | "system" | "anonymous";
                    id: string;
                    name: string;
                };
                subject_type: string;
                subject_id: string;
                /** @description the region or location the subject belongs to; '' when none */
                location: string;
                /** @description state before (JSON; null when not applicable) */
                before: unknown;
                /** @description state after (JSON; null when not applicable) */
                after: unknown;
                reason: string;
                /** @description the figures it was taken on (JSON; null when none) */
                inputs: unknown;
                model_version: string;
                /** @description hash of the entry before (64 zeros for seq 1) */
                prev_hash: string;
                /** @description SHA-256 hex of the canonical JSON of this entry with seq and prev_hash */
                hash: string;
            }[];
            /** @description before_seq of the next page; null on the last */
            next_before_seq: number | null;
            /** Format: date-time */
            as_of: string;
        };
        AuditVerify: {
            ok: boolean;
            /** @description entries found intact, in order, before the first broken one (or all) */
            checked: number;
            /** @description the highest seq in the trail when the check started; 0 when empty */
            head_seq: number;
            first_broken: {
                /** @description the first entry that does not hold (for a gap: the missing seq) */
                seq: number;
                /** @description its time; null for a missing entry */
                at: string | null;
                /** @description its kind; null for a missing entry */
                kind: string | null;
                /** @description what is wrong: altered, missing, out of order, twice, or a broken link */
                reason: string;
            } | null;
            /** @description entries whose write failed and that wait for the next write to join the chain (0 when all is well) */
            parked: number;
        };
        ApprovalRuleSet: {
            /** @description gap-free from 1 (the defaults); the highest is in force */
            version: number;
            rules: {
                thresholds: {
                    reorder: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                    expedite: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                    transfer: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                    reallocate: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                    markdown: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                };
                /** @description recommendations less confident than this (0..1) never run without a person */
                confidence_floor: number;
            };
            /** @description the admin's user id; 'system' for the defaults */
            changed_by: string;
            changed_by_name: string;
            /** Format: date-time */
            changed_at: string;
            reason: string;
        };
        ApprovalRuleVersions: {
            /** @description newest first */
            versions: {
                /** @description gap-free from 1 (the defaults); the highest is in force */
                version: number;
                rules: {
                    thresholds: {
                        reorder: {
                            /** @description X: below this value (money the action commits) it runs without a person */
                            auto_below: number;
                            /** @description Y: up to this value a planner approves; above it an operations manager */
                            planner_up_to: number;
                        };
                        expedite: {
                            /** @description X: below this value (money the action commits) it runs without a person */
                            auto_below: number;
                            /** @description Y: up to this value a planner approves; above it an operations manager */
                            planner_up_to: number;
                        };
                        transfer: {
                            /** @description X: below this value (money the action commits) it runs without a person */
                            auto_below: number;
                            /** @description Y: up to this value a planner approves; above it an operations manager */
                            planner_up_to: number;
                        };
                        reallocate: {
                            /** @description X: below this value (money the action commits) it runs without a person */
                            auto_below: number;
                            /** @description Y: up to this value a planner approves; above it an operations manager */
                            planner_up_to: number;
                        };
                        markdown: {
                            /** @description X: below this value (money the action commits) it runs without a person */
                            auto_below: number;
                            /** @description Y: up to this value a planner approves; above it an operations manager */
                            planner_up_to: number;
                        };
                    };
                    /** @description recommendations less confident than this (0..1) never run without a person */
                    confidence_floor: number;
                };
                /** @description the admin's user id; 'system' for the defaults */
                changed_by: string;
                changed_by_name: string;
                /** Format: date-time */
                changed_at: string;
                reason: string;
            }[];
        };
        SaveApprovalRules: {
            /** @description the version the change was made on; if another was saved since, the answer is 409 */
            expected_version: number;
            rules: {
                thresholds: {
                    reorder: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                    expedite: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                    transfer: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                    reallocate: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                    markdown: {
                        /** @description X: below this value (money the action commits) it runs without a person */
                        auto_below: number;
                        /** @description Y: up to this value a planner approves; above it an operations manager */
                        planner_up_to: number;
                    };
                };
                /** @description recommendations less confident than this (0..1) never run without a person */
                confidence_floor: number;
            };
            reason: string;
        };
        ApprovalRulesConflict: {
            error: string;
            current_version: number;
        };
        ApiKey: {
            id: string;
            name: string;
            /** @description the first characters of the secret, to tell keys apart */
            prefix: string;
            scopes: ("ingest" | "read" | "actions")[];
            /** @description the locations the key is restricted to; empty = every location */
            locations: string[];
            created_by: string;
            /** Format: date-time */
            created_at: string;
            /** @description about when the key was last used (to the minute); null if never */
            last_used_at: string | null;
            revoked_at: string | null;
            revoked_by: string | null;
        };
        ApiKeys: {
            keys: {
                id: string;
                name: string;
                /** @description the first characters of the secret, to tell keys apart */
                prefix: string;
                scopes: ("ingest" | "read" | "actions")[];
                /** @description the locations the key is restricted to; empty = every location */
                locations: string[];
                created_by: string;
                /** Format: date-time */
                created_at: string;
                /** @description about when the key was last used (to the minute); null if never */
                last_used_at: string | null;
                revoked_at: string | null;
                revoked_by: string | null;
            }[];
        };
        ApiKeyCreate: {
            name: string;
            /** @description what the key may do: ingest, read, actions */
            scopes: ("ingest" | "read" | "actions")[];
            /**
             * @description restrict the key to these locations; empty or absent = every location
             * @default []
             */
            locations: string[];
        };
        ApiKeyCreated: {
            key: {
                id: string;
                name: string;
                /** @description the first characters of the secret, to tell keys apart */
                prefix: string;
                scopes: ("ingest" | "read" | "actions")[];
                /** @description the locations the key is restricted to; empty = every location */
                locations: string[];
                created_by: string;
                /** Format: date-time */
                created_at: string;
                /** @description about when the key was last used (to the minute); null if never */
                last_used_at: string | null;
                revoked_at: string | null;
                revoked_by: string | null;
            };
            /** @description the key itself, for Authorization: Bearer; shown this once and never again (only its SHA-256 is stored) */
            secret: string;
        };
        User: {
            id: string;
            email: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "executive" | "ops_manager" | "planner";
            regions: string[];
            locations: string[];
            disabled: boolean;
            updated_by: string;
            /** Format: date-time */
            updated_at: string;
        };
        Users: {
            users: {
                id: string;
                email: string;
                name: string;
                /** @enum {string} */
                role: "admin" | "executive" | "ops_manager" | "planner";
                regions: string[];
                locations: string[];
                disabled: boolean;
                updated_by: string;
                /** Format: date-time */
                updated_at: string;
            }[];
        };
        UserCreate: {
            email: string;
            name: string;
            /** @enum {string} */
            role: "admin" | "executive" | "ops_manager" | "planner";
            /**
             * @description regions the user may see; empty with empty locations = all
             * @default []
             */
            regions: string[];
            /**
             * @description locations the user may see besides their regions'
             * @default []
             */
            locations: string[];
            password: string;
        };
        UserUpdate: {
            name?: string;
            /** @enum {string} */
            role?: "admin" | "executive" | "ops_manager" | "planner";
            regions?: string[];
            locations?: string[];
            /** @description a disabled user cannot sign in, and their sessions stop working */
            disabled?: boolean;
            /** @description a new password */
            password?: string;
        };
        Actions: {
            actions: {
                action_id: string;
                /** @enum {string} */
                kind: "reorder" | "expedite" | "transfer" | "reallocate" | "markdown";
                alert_id: string;
                sku: string;
                /** @description the receiving or affected location */
                location: string;
                channel: string;
                /** @description reorder and expedite: the supplier; '' otherwise */
                supplier: string;
                /** @description transfer: where the stock comes from */
                from_location?: string;
                /** @description units (the decided quantity when a person modified it) */
                quantity: number;
                /** @description reallocation: units per channel */
                split?: {
                    [key: string]: number;
                };
                /** @description markdown: the new unit price */
                price?: number;
                cost: number;
                value: number;
                /** @description the approval rules version that applied (0 before rules) */
                rule_version: number;
                approved_by: {
                    /** @constant */
                    kind: "person";
                    actor: {
                        /** @enum {string} */
                        kind: "person" | "agent" | "system";
                        id: string;
                        name: string;
                    };
                } | {
                    /** @constant */
                    kind: "rule";
                    rule_version: number;
                };
                /** Format: date-time */
                created_at: string;
                /**
                 * @description pending, delivered, failed (retrying), dead (last try failed: needs a person) or confirmed
                 * @enum {string}
                 */
                status: "pending" | "delivered" | "failed" | "dead" | "confirmed";
                /** @description delivery tries so far */
                attempts: number;
                /** @description why the last try failed, or the receiver's note; '' otherwise */
                detail: string;
                /** Format: date-time */
                updated_at: string;
            }[];
            /** @description how many match the filters, over every page */
            total: number;
            /** Format: date-time */
            as_of: string;
        };
        ActionDetail: {
            action_id: string;
            /** @enum {string} */
            kind: "reorder" | "expedite" | "transfer" | "reallocate" | "markdown";
            alert_id: string;
            sku: string;
            /** @description the receiving or affected location */
            location: string;
            channel: string;
            /** @description reorder and expedite: the supplier; '' otherwise */
            supplier: string;
            /** @description transfer: where the stock comes from */
            from_location?: string;
            /** @description units (the decided quantity when a person modified it) */
            quantity: number;
            /** @description reallocation: units per channel */
            split?: {
                [key: string]: number;
            };
            /** @description markdown: the new unit price */
            price?: number;
            cost: number;
            value: number;
            /** @description the approval rules version that applied (0 before rules) */
            rule_version: number;
            approved_by: {
                /** @constant */
                kind: "person";
                actor: {
                    /** @enum {string} */
                    kind: "person" | "agent" | "system";
                    id: string;
                    name: string;
                };
            } | {
                /** @constant */
                kind: "rule";
                rule_version: number;
            };
            /** Format: date-time */
            created_at: string;
            /**
             * @description pending, delivered, failed (retrying), dead (last try failed: needs a person) or confirmed
             * @enum {string}
             */
            status: "pending" | "delivered" | "failed" | "dead" | "confirmed";
            /** @description delivery tries so far */
            attempts: number;
            /** @description why the last try failed, or the receiver's note; '' otherwise */
            detail: string;
            /** Format: date-time */
            updated_at: string;
            /** @description every delivery try, oldest first */
            deliveries: {
                /** @description 1-based try number */
                attempt: number;
                /** Format: date-time */
                at: string;
                url: string;
                /** @description the receiver's answer; 0 when there was none (timeout, refused) */
                http_status: number;
                error: string;
                duration_ms: number;
            }[];
        };
        ActionCallback: {
            /**
             * @description confirmed: carried out; rejected: refused (the action becomes dead, for a person)
             * @enum {string}
             */
            status: "confirmed" | "rejected";
            /** @description the receiver's note (its PO number, why it refused) */
            note?: string;
        };
        ActionConflict: {
            error: string;
            /** @enum {string} */
            status: "pending" | "delivered" | "failed" | "dead" | "confirmed";
        };
        ValueReport: {
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            /** @description the previous period of equal length, just before */
            previous: {
                /** Format: date */
                from: string;
                /** Format: date */
                to: string;
            };
            /** @description ISO 4217 (setting CURRENCY) */
            currency: string;
            /**
             * @description simulation: a baseline run of the same demand exists for the period; real: estimates and settlements only
             * @enum {string}
             */
            basis: "simulation" | "real";
            /** Format: date-time */
            generated_at: string;
            /** @description 'all', or the locations the caller's access covers (the figures are theirs only) */
            scope: "all" | string[];
            figures: {
                key: string;
                label: string;
                /**
                 * @description percent: a share 0..1
                 * @enum {string}
                 */
                unit: "units" | "currency" | "percent" | "count" | "days" | "ratio";
                /** @description what the figure means (DESIGN.md), shown on hover */
                definition: string;
                /** @description null where the data cannot give it (e.g. lost sales on real data, without demand) */
                value: number | null;
                /** @description the baseline static min-max policy on the same demand (simulation only) */
                baseline: number | null;
                /** @description the previous period of equal length */
                previous: number | null;
            }[];
            use_cases: {
                /** @enum {string} */
                use_case: "replenishment" | "transfers" | "channel_allocation" | "supplier_delay" | "promotions" | "markdown";
                label: string;
                decisions: number;
                /** @description simulation: baseline cost - StockPulse cost on the pair-days attributed to the use case; null on real data */
                measured_value: number | null;
                /** @description sum of the decisions' estimates at decision time, in the report's currency */
                estimated_value: number;
                /** @description sum of the settled values of those whose horizon ended, in the report's currency */
                settled_value: number;
                settled: number;
                lost_units: {
                    stockpulse: number;
                    baseline: number;
                } | null;
                lost_margin: {
                    stockpulse: number;
                    baseline: number;
                } | null;
                /** @description sum over the days of the inventory at cost of the use case's pair-days */
                inventory_cost: {
                    stockpulse: number;
                    baseline: number;
                } | null;
            }[];
            /** @description simulation: value on pair-days no decision touched; use cases + this = the value figure */
            unattributed_value?: number | null;
            daily: {
                /** Format: date */
                date: string;
                value: number;
                lost_margin: number;
                baseline_lost_margin: number | null;
                inventory_cost: number;
                baseline_inventory_cost: number | null;
            }[];
            rates: {
                /** @enum {string} */
                by: "agent" | "category" | "planner";
                key: string;
                label: string;
                decided: number;
                accepted: number;
                modified: number;
                rejected: number;
                acceptance_rate: number | null;
                override_rate: number | null;
                value_accepted: number;
                value_overridden: number;
            }[];
            calibration: {
                settled: number;
                estimated_total: number;
                settled_total: number;
                ratio: number | null;
                mean_abs_error: number | null;
            };
        };
        ValueDecisions: {
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            /** @description executed decisions that match, over every page */
            total: number;
            decisions: {
                action_id: string;
                alert_id: string;
                kind: string;
                /** @enum {string} */
                use_case: "replenishment" | "transfers" | "channel_allocation" | "supplier_delay" | "promotions" | "markdown";
                sku: string;
                location: string;
                /** Format: date-time */
                decided_at: string;
                /** @description a person's name, or rule v<N> for an approval by rule */
                approved_by: string;
                estimated_value: number;
                /** @description null: its horizon has not ended yet */
                settled_value: number | null;
                outcome: string | null;
                status: string;
            }[];
            /** @description the offset of the next page; null on the last */
            next_offset: number | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listAlerts: {
        parameters: {
            query?: {
                /** @description a lifecycle status, 'active' (open, acknowledged or snoozed; the default) or 'all' */
                status?: "active" | "all" | "open" | "acknowledged" | "snoozed" | "approved" | "modified" | "rejected" | "executed" | "expired" | "cleared";
                /** @description a location id */
                location?: string;
                /** @description a region */
                region?: string;
                /** @description a product category */
                category?: string;
                /** @description an alert type */
                type?: "stockout_risk" | "low_stock" | "transfer_opportunity" | "channel_conflict" | "supplier_delay" | "replenishment_exception" | "phantom_inventory" | "shrink_spike" | "sell_through_deviation" | "forecast_deviation" | "stale_data" | "model_drift";
                /** @description a severity */
                severity?: "critical" | "high" | "medium" | "low";
                /** @description at most this many, by value at risk */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alerts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Alerts"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getDecisionRates: {
        parameters: {
            query?: {
                /** @description what each row is: an agent, a product category, or the person who decided */
                by?: "agent" | "category" | "planner";
                /** @description decisions of the last this many days (UTC) */
                days?: number;
                /** @description a location id; omit for all */
                location?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Rates */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DecisionRates"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an alert id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The alert and its history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No such alert, or one outside the caller's access (not confirmed to exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    decideAlert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an alert id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Decision"];
            };
        };
        responses: {
            /** @description Decided: the alert as it is now, with its history */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertDetail"];
                };
            };
            /** @description Invalid decision: every problem with its field; nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the actions scope, or a person whose role may not decide, or a caller below the approver the approval rules ask for (the message says who must approve and why) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No such alert, or one outside the caller's access (not confirmed to exist) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Already decided, or changed since the revision sent: its current status and revision */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AlertConflict"];
                };
            };
            /** @description Body over 16 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Someone else is writing this alert right now; nothing was done */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getDailySummary: {
        parameters: {
            query?: {
                /** @description the business day, YYYY-MM-DD (UTC); today when left out */
                date?: string;
                /** @description a location id; all locations when left out */
                location?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The newest summary of the day */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailySummary"];
                };
            };
            /** @description Invalid query parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No summary of that day (and location) was written yet */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getModelAccuracy: {
        parameters: {
            query?: {
                /** @description first day scored, YYYY-MM-DD (UTC); 12 weeks before `to` when left out */
                from?: string;
                /** @description last day scored, YYYY-MM-DD (UTC); yesterday when left out */
                to?: string;
                /** @description the segment kind: category, region, channel or demand_class (the recompute's demand classification) */
                by?: "category" | "region" | "channel" | "demand_class";
                /** @description one location's forecasts; all the caller may see when left out */
                location?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accuracy by segment, largest volume first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModelAccuracy"];
                };
            };
            /** @description Invalid query parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    listAudit: {
        parameters: {
            query?: {
                /** @description entries at or after this time */
                from?: string;
                /** @description entries before this time */
                to?: string;
                /** @description one kind of entry */
                kind?: "alert.transition" | "action.created" | "action.delivery" | "action.callback" | "rule.change" | "api_key.create" | "api_key.revoke" | "user.change" | "auth.sign_in" | "auth.sign_in_failed" | "auth.sign_out" | "auth.refused";
                /** @description an actor's id or name, exactly (a user id, an agent's name, an API key's name, a client address) */
                actor?: string;
                /** @description what the entries are about: 'alert', 'user', 'route', 'action', 'rule', 'api_key' */
                subject_type?: string;
                /** @description the id of what the entries are about (an alert id, an email, "GET /api/v1/kpis") */
                subject_id?: string;
                /** @description only entries before this seq: the next page is next_before_seq of the previous one */
                before_seq?: number;
                /** @description at most this many entries, newest first (JSON; CSV gives every matching entry) */
                limit?: number;
                /** @description csv: the matching entries as a CSV file (as does Accept: text/csv); json by default */
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of entries (JSON), or all matching entries (CSV) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                    "text/csv": string;
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or a person who is not an administrator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    verifyAudit: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The outcome of the check */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditVerify"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or a person who is not an administrator */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getApprovalRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The current version */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalRuleSet"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    postApprovalRules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SaveApprovalRules"];
            };
        };
        responses: {
            /** @description Saved: the new version, now in force */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalRuleSet"];
                };
            };
            /** @description Invalid rules: every problem with its field (X above Y, negative, not finite, missing); nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the actions scope, or any API key, or a person who is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Another version was saved since expected_version; nothing was written */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalRulesConflict"];
                };
            };
            /** @description Body over 16 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
        };
    };
    listApprovalRuleVersions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The versions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalRuleVersions"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The keys, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeys"];
                };
            };
            /** @description Not signed in, or an API key that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description An API key (keys may not manage access), or a person who is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiKeyCreate"];
            };
        };
        responses: {
            /** @description Created: the key and its secret */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyCreated"];
                };
            };
            /** @description Invalid body: every problem with its field; nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Not signed in, or an API key that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description An API key (keys may not manage access), or a person who is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Body over 16 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Another admin is changing the same user or key right now; nothing was done */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a user or API key id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key, revoked */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Not signed in, or an API key that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description An API key (keys may not manage access), or a person who is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No such key */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Another admin is changing the same user or key right now; nothing was done */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The users, by email */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Users"];
                };
            };
            /** @description Not signed in, or an API key that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description An API key (keys may not manage access), or a person who is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserCreate"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid body: every problem with its field; nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Not signed in, or an API key that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description An API key (keys may not manage access), or a person who is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description A user with this email exists */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Body over 16 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Another admin is changing the same user or key right now; nothing was done */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description a user or API key id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UserUpdate"];
            };
        };
        responses: {
            /** @description The user as it is now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description Invalid body: every problem with its field; nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Not signed in, or an API key that is not valid */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description An API key (keys may not manage access), or a person who is not an admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No such user */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Body over 16 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Another admin is changing the same user or key right now; nothing was done */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    listActions: {
        parameters: {
            query?: {
                /** @description a delivery status */
                status?: "pending" | "delivered" | "failed" | "dead" | "confirmed";
                /** @description the alert the action came from */
                alert_id?: string;
                /** @description a location id */
                location?: string;
                /** @description at most this many, newest first */
                limit?: number;
                /** @description skip this many (paging) */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of actions and how many match */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Actions"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getAction: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an action id (also the webhook-id of its delivery) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The action and its delivery tries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No such action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    postActionCallback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description an action id (also the webhook-id of its delivery) */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ActionCallback"];
            };
        };
        responses: {
            /** @description Applied (or applied before): the action as it is now, with its delivery tries */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionDetail"];
                };
            };
            /** @description Invalid callback: every problem with its field; nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description No API key, or one that is not valid */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the actions scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No such action */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The action is already final in another state: its status */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActionConflict"];
                };
            };
            /** @description Body over 16 KiB */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Content-Type is not application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
        };
    };
    getValueReport: {
        parameters: {
            query: {
                /** @description first day of the period, YYYY-MM-DD (UTC), included */
                from: string;
                /** @description last day of the period, YYYY-MM-DD (UTC), included; on or after from, at most 2 years (731 days) after it */
                to: string;
                /** @description csv: the same as Accept: text/csv */
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report (JSON), or its tables (CSV) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValueReport"];
                    "text/csv": string;
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or a person whose role may not read the value report (a planner) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getValueReportPdf: {
        parameters: {
            query: {
                /** @description first day of the period, YYYY-MM-DD (UTC), included */
                from: string;
                /** @description last day of the period, YYYY-MM-DD (UTC), included; on or after from, at most 2 years (731 days) after it */
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The PDF file */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/pdf": string;
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or a person whose role may not read the value report (a planner) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    listValueDecisions: {
        parameters: {
            query: {
                /** @description first day of the period, YYYY-MM-DD (UTC), included */
                from: string;
                /** @description last day of the period, YYYY-MM-DD (UTC), included; on or after from, at most 2 years (731 days) after it */
                to: string;
                /** @description only the decisions of this use case */
                use_case?: "replenishment" | "transfers" | "channel_allocation" | "supplier_delay" | "promotions" | "markdown";
                /** @description only actions of this kind */
                kind?: "reorder" | "expedite" | "transfer" | "reallocate" | "markdown" | "investigate";
                /** @description decisions per page, 1..500 */
                limit?: number;
                /** @description decisions to skip: next_offset of the previous page */
                offset?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Decisions */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValueDecisions"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or a person whose role may not read the value report (a planner) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    postEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Event"][];
                "application/x-ndjson": string;
            };
        };
        responses: {
            /** @description Accepted: the whole batch is queued for landing */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Accepted"];
                };
            };
            /** @description Invalid batch: every problem with its index and field; nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description No API key, or one that is not valid */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the ingest scope, or the key is restricted to locations and an event names another, or none (master data); nothing was accepted */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Body over MAX_BODY_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Content-Type is missing, or neither JSON nor NDJSON */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Ingest backlog over INGEST_MAX_BACKLOG batches; nothing was accepted; retry after Retry-After seconds */
            429: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Queue unavailable; nothing was done; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getIngestStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ingest status */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IngestStatus"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    postImport: {
        parameters: {
            query: {
                /** @description the event type every row of the file is */
                type: "sale" | "return" | "inventory_snapshot" | "inventory_movement" | "purchase_order" | "po_receipt" | "transfer" | "price_change" | "promotion" | "external_signal" | "product" | "location" | "supplier" | "customer";
                /** @description strict: one bad row rejects the file; skip-bad: bad rows are skipped and listed */
                mode?: "strict" | "skip-bad";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The CSV file; no Content-Type is taken as text/csv */
        requestBody: {
            content: {
                "text/csv": string;
                "application/csv": string;
                "text/plain": string;
                "application/octet-stream": string;
            };
        };
        responses: {
            /** @description Rows read, landed, already there, quarantined (implausible: kept aside, not summed) and skipped; import_id undoes the import */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportSummary"];
                };
            };
            /** @description Refused: bad parameters (type, mode: strict or skip-bad), an empty body, a bad file, or bad rows with their line numbers; nothing was written */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportError"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the ingest scope, or a person who is not an admin, or a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Content-Length over IMPORT_MAX_BYTES */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportError"];
                };
            };
            /** @description Content-Type is not CSV */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportError"];
                };
            };
            /** @description ClickHouse or Redis failed mid-way; run the import again: rows that landed are not written twice */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    deleteImport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the import_id its import answered */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Undone: rows removed per landing table */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImportUndo"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the actions scope, or a person whose role may not undo imports, or a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No import with this id (an id not of this form included) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Already undone (undone_at), or being undone right now */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UndoConflict"];
                };
            };
        };
    };
    getKpis: {
        parameters: {
            query?: {
                /** @description a location id; omit for all locations */
                location?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description KPI snapshot */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["KpiSnapshot"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getForecasts: {
        parameters: {
            query: {
                /** @description a SKU id */
                sku: string;
                /** @description a location id */
                location: string;
                /** @description a sales channel; omit for every channel that sells here */
                channel?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The forecast, or one per channel */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Forecast"] | components["schemas"]["ForecastsByChannel"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No forecast for these keys */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getPolicy: {
        parameters: {
            query: {
                /** @description a SKU id */
                sku: string;
                /** @description a location id */
                location: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Policy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No policy for these keys */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getRisk: {
        parameters: {
            query?: {
                /** @description a location id; omit for all locations */
                location?: string;
                /** @description leave out SKU-locations less likely than this to stock out */
                min_probability?: number;
                /** @description at most this many, riskiest first */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Risk list */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RiskItem"][];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    postRecompute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued (or joined) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecomputeAccepted"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the actions scope, or a person whose role may not run it */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Job queue unavailable; nothing was done; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    listJobs: {
        parameters: {
            query?: {
                /** @description at most this many jobs, newest first */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Jobs */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Jobs"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description Job queue unavailable; nothing was done; retry after Retry-After seconds */
            503: {
                headers: {
                    /** @description seconds to wait before trying again */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getJob: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the job_id a recompute answered, or an id from GET /api/v1/jobs */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Job */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Job"];
                };
            };
            /** @description Invalid query or path parameter: every problem with its field */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Errors"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description No such job */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getStorage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Storage summary */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Storage"];
                };
            };
            /** @description Neither a valid API key nor a session */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope, or the read is outside the caller's access: a location that is not one of its own (a person's regions and locations, a key's locations), or the whole estate to a caller restricted to locations */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description All parts answer and ingest is moving */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description Degraded: a part is unavailable, or ingest is stuck or has failed batches */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Prometheus text exposition format 0.0.4 */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description No API key, or one that is not valid */
            401: {
                headers: {
                    /** @description Bearer realm="stockpulse" */
                    "WWW-Authenticate": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
            /** @description The API key lacks the read scope */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        openapi: "3.1.0";
                        info: Record<string, never>;
                        servers?: unknown[];
                        tags?: unknown[];
                        components?: Record<string, never>;
                        paths: Record<string, never>;
                    };
                };
            };
        };
    };
}
