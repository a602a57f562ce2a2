export * from './snake-naming.strategy';
export * from './data-source-options';
export * from './migrate';
export * from './session-lock';
export * from './sql-rows';
export * from './retention/retention-janitor';
