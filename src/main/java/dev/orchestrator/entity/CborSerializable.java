package dev.orchestrator.entity;

/**
 * Marker for everything that crosses a journal or the network: bound to Jackson CBOR in {@code
 * serialization.conf}, so Java serialization is never used.
 */
public interface CborSerializable {}
