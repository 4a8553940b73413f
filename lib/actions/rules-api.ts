/**
 * The approval rules API's shapes (server/api/approval-rules.ts), documented from here in the
 * OpenAPI document (lib/openapi-rules.ts).
 */
import { z } from 'zod'
import { textProblem } from '../events/rules'
import { approvalRulesSchema } from './rules-schema'

const dateTime = z.string().meta({ format: 'date-time' })

export const ruleSetBody = z.object({
  version: z.number().int().min(1).meta({ description: 'gap-free from 1 (the defaults); the highest is in force' }),
  rules: approvalRulesSchema,
  changed_by: z.string().meta({ description: "the admin's user id; 'system' for the defaults" }),
  changed_by_name: z.string(),
  changed_at: dateTime,
  reason: z.string(),
})
export type RuleSetBody = z.infer<typeof ruleSetBody>

export const ruleVersionsBody = z.object({ versions: z.array(ruleSetBody).meta({ description: 'newest first' }) })
export type RuleVersionsBody = z.infer<typeof ruleVersionsBody>

/** POST /api/v1/approval-rules. */
export const saveRulesBody = z
  .object({
    expected_version: z.number().int().min(1).meta({ description: 'the version the change was made on; if another was saved since, the answer is 409' }),
    rules: approvalRulesSchema,
    reason: z.string().trim().min(1, 'say why the rules change').max(500).superRefine((s, ctx) => {
      const problem = textProblem(s)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
  })
  .strict()
export type SaveRulesBody = z.infer<typeof saveRulesBody>

/** 409: someone saved another version first. */
export const rulesConflict = z.object({ error: z.string(), current_version: z.number().int() })
export type RulesConflict = z.infer<typeof rulesConflict>
