package org.binlogload.dorisdouble;

/**
 * A statement refused by the double, carrying Doris's message.
 *
 * <p>{@link #getMessage()} reads as the FE reports a {@code UserException}: {@code errCode = 2, detailMessage = ...}
 * (FE {@code common/UserException}); {@link #detail()} is the part after the prefix.
 */
public final class DorisSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String detail;

    /** Creates an exception with Doris's detail message (without the errCode prefix). */
    public DorisSqlException(String detail) {
        super("errCode = 2, detailMessage = " + detail);
        this.detail = detail;
    }

    /** The detail message, without the {@code errCode = 2, detailMessage = } prefix. */
    public String detail() {
        return detail;
    }
}
