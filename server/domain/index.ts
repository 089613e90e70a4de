export { decide, type Command, type CommandType } from './decide';
export { apply, emptyState, restoreUrn, type CouncilState, type VoteRecord } from './state';
export { DomainError } from './errors';
export type { Actor, DomainEvent, LoggedEvent, UrnDeposit, EventMeta } from './events';
export { isUrnDeposit } from './events';
export * as views from './views';
export * as queries from './queries';
export { restoreElectionUrn, type ProcedureState, type ElectionRecord } from './procedure-state';
export type { ProcedureEvent, ElectionUrnDeposit } from './procedure-events';
