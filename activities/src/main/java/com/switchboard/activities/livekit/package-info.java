/**
 * The control plane's LiveKit adapter: reject a ringing call (LiveKit SIP answers 486) or end a
 * call by deleting its room, every SDK response checked.
 */
package com.switchboard.activities.livekit;
