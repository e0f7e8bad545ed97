package org.binlogload.canal;

/** The kind of a DDL statement. */
public enum DdlKind { CREATE, ALTER, RENAME, TRUNCATE, DROP, CREATE_INDEX, DROP_INDEX, OTHER }
