'use client';
import { getServerSnapshot } from '@web-identity/core';
import { quietActions } from '@web-identity/core/internal';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { useCredentialsClient } from './context.js';
import type { AwsCredentialsState } from './types.js';

/**
 * The current AWS credentials state, re-rendering when it changes. Test `credentials != null` (or `status`
 * `ready` / `refreshing`) for "usable". On the server and during hydration it is `signed-out`.
 *
 * @example
 * function Panel() {
 *   const { status, credentials, identity, error, refresh, signOut } = useAwsCredentials();
 *   if (credentials == null) return <button onClick={refresh}>Get AWS credentials ({status})</button>;
 *   return <p>{identity?.subject} until {credentials.expiration.toISOString()} <button onClick={signOut}>Sign out</button></p>;
 * }
 */
export function useAwsCredentials(): AwsCredentialsState {
  const client = useCredentialsClient('useAwsCredentials');
  const subscribe = useCallback((onChange: () => void) => client.subscribe(onChange), [client]);
  const getSnapshot = useCallback(() => client.getSnapshot(), [client]);
  const snapshot = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
  const actions = useMemo(() => quietActions(client), [client]);
  return useMemo(
    () => ({
      ...snapshot, // every snapshot field (core's SNAPSHOT_FIELDS), as the snapshot has it
      refresh: actions.refresh,
      signOut: actions.signOut,
      provider: client.provider,
    }),
    [snapshot, actions, client],
  );
}
