export { describeAccessMode, isOpenAccess, readAccessSettings, type AccessSettings } from "./access-settings";
export { checkPassword, checkToken } from "./check-credentials";
export { installSecretRedaction, redactSecrets } from "./redact-secrets";
export { requireAccess } from "./require-access";
export { resolvePrincipal } from "./resolve-principal";
export { createSessionValue, readSessionValue } from "./session-cookie";
export { createShareLink, resolveShareToken, revokeShareLink } from "./share-links";
export { SESSION_COOKIE, type Access, type Principal, type Role } from "./types";
