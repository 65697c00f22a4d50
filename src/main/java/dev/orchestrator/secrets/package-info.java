/**
 * Sensitive request headers at rest: the key ({@link dev.orchestrator.secrets.SecretsKeys}) and the
 * AES-256-GCM sealing of header values ({@link dev.orchestrator.secrets.HeaderCipher}). Values are
 * sealed at the API boundary, before anything is journaled, and opened only by the invoker right
 * before a request is sent.
 */
package dev.orchestrator.secrets;
