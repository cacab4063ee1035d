/**
 * Called number to route: the number normalized (E.164 or extension), its organization, the merged
 * agent config and both limits.
 */
package com.switchboard.activities.route;
