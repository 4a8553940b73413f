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
}
