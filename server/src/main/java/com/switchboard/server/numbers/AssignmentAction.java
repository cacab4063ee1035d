package com.switchboard.server.numbers;

/** What one row of a number's assignment history records. */
public enum AssignmentAction {
    /** From the inventory to an organization. */
    ASSIGN("assign"),
    /** From one organization straight to another. */
    REASSIGN("reassign"),
    /** Back to the inventory. */
    UNASSIGN("unassign");

    private final String dbValue;

    AssignmentAction(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public static AssignmentAction fromDb(String value) {
        for (AssignmentAction action : values()) {
            if (action.dbValue.equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown assignment action: " + value);
    }
}
