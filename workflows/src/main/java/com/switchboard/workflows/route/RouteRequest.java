package com.switchboard.workflows.route;

/**
 * @param calledNumber the dialed number exactly as LiveKit reported it ({@code sip.trunkPhoneNumber})
 */
public record RouteRequest(String calledNumber) {}
