/** Where links into the repository's own files point; scripts/check-links.ts checks each exists. */
export const REPO_BLOB = 'https://github.com/web-identity/web-identity/blob/main/';
export const REPO_TREE = 'https://github.com/web-identity/web-identity/tree/main/';
