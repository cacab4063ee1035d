/** Rules for free text that people type into the admin API and the dashboards. */
package com.switchboard.server.text;
