/** Roles and API-key scopes: the one place that says who may do what. */
export const ROLES = ['admin', 'executive', 'ops_manager', 'planner'] as const
export type Role = (typeof ROLES)[number]

export const SCOPES = ['ingest', 'read', 'actions'] as const
export type Scope = (typeof SCOPES)[number]

export interface User {
  id: string
  email: string
  name: string
  role: Role
  /** Regions this user may see; empty = all. */
  regions: string[]
  /** Locations this user may see besides their regions'; empty with empty regions = all. */
  locations: string[]
}

/**
 * What a signed-in person may do beyond reading, by role (API keys use scopes instead). Planners
 * and operations managers run the planning recompute (after fixing master data, say); importing
 * files is an administrator's job; executives read.
 */
export const PERMISSIONS = {
  import_files: ['admin'],
  undo_imports: ['admin'],
  run_recompute: ['admin', 'ops_manager', 'planner'],
  decide_alerts: ['admin', 'ops_manager', 'planner'],
  // The audit trail (/governance, GET /api/v1/audit): administrators; machines with the read scope.
  view_audit: ['admin'],
  /** Live progress of CSV imports (the `imports` socket room): who may import sees it. */
  watch_imports: ['admin'],
  /** Approve or modify a recommendation whose approval rule asks for a planner (lib/actions/rules.ts). */
  approve_planner_level: ['admin', 'ops_manager', 'planner'],
  /** Approve or modify one above the rule's planner limit: an operations manager (or an admin). */
  approve_ops_manager_level: ['admin', 'ops_manager'],
  /** Change the approval rules (/governance, POST /api/v1/approval-rules). */
  edit_approval_rules: ['admin'],
  /** Local users (create, change role and scope, disable, reset a password) and API keys. */
  manage_users: ['admin'],
  manage_api_keys: ['admin'],
  /** The executive value report (/reports/value, GET /api/v1/reports/value*): not planners' (machines: the read scope). */
  view_value_report: ['admin', 'executive', 'ops_manager'],
} as const satisfies Record<string, readonly Role[]>

export type Permission = keyof typeof PERMISSIONS

export const may = (user: Pick<User, 'role'>, permission: Permission): boolean => (PERMISSIONS[permission] as readonly Role[]).includes(user.role)
