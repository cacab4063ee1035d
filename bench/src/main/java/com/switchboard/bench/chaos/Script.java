package com.switchboard.bench.chaos;

/** What the soak's caller does. */
enum Script {
    /** Talks for a while once answered, then hangs up. */
    TALK,
    /** Once answered, its audio stops: a ghost LiveKit drops after its media timeout. */
    GHOST,
    /** Hangs up almost at once, usually while it still rings. */
    ABANDON,
    /** Dials a number nobody owns. */
    UNROUTED
}
