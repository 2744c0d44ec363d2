import { describe, expect, it } from 'vitest';
import { functions, routes } from '../../../shared/topology.ts';

describe('staff routes in the topology', () => {
  it('run only functions that may read the main table, where the caller’s staff record is', () => {
    const staffFunctions = [
      ...new Set(routes.filter((route) => route.auth === 'staff').map((route) => route.fn)),
    ];
    const without = staffFunctions.filter((name) => {
      const tables: Partial<Record<string, string>> = functions[name].uses.tables ?? {};
      return !tables.main;
    });

    expect(staffFunctions.length).toBeGreaterThan(20);
    expect(without).toEqual([]);
  });

  it('give the user pool to the user administration alone (accounts, and the approvals that apply changes)', () => {
    const withPool = Object.entries(functions)
      .filter(([, definition]) => 'userPool' in definition.uses)
      .map(([name]) => name);

    expect(withPool.sort()).toEqual(['adminAccountRequests', 'adminUsers']);
  });
});
