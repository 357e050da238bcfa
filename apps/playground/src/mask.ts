/** A token shortened for display: its first characters and its length, never enough to use it. */
export const shortToken = (token: string): string => `${token.slice(0, 10)}… (${token.length} characters)`;

/** A secret as the playground shows it: that it exists and how long it is. */
export const masked = (value: string): string => `•••••••• (${value.length} characters, masked)`;
