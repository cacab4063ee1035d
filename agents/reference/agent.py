"""Switchboard's reference agent, on LiveKit's agent framework (livekit-agents 1.8).

It registers under an explicit agent name, so LiveKit gives it only the jobs that Switchboard
dispatches to that name after admitting a call. For each job it reads the dispatch metadata (see
README.md: the merged agent config and the call), publishes one audio track (the greeting spoken by
espeak-ng, or a tone without it, then silence) so that LiveKit SIP answers the caller, shows what it
received as its participant attributes, and leaves when the caller does.

Run (the telephony tests do):
    LIVEKIT_URL=ws://127.0.0.1:7880 LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... \
    SWITCHBOARD_AGENT_NAME=reference-agent \
    .tools/agent-venv/bin/python -m livekit.agents start agents/reference/agent.py

Settings (environment): SWITCHBOARD_AGENT_NAME (required), SWITCHBOARD_AGENT_LOAD_THRESHOLD (the
worker refuses jobs while its load is above it: 0.7 by default, as the framework's production
default; "inf" never refuses), SWITCHBOARD_AGENT_MAX_JOBS (when set, the load the worker reports is
its running jobs divided by this instead of the machine's CPU load: LiveKit server too offers a job
only to workers reporting less than its agents.target_load, 0.7, so on a busy 2-core test box a CPU
load would refuse every call), SWITCHBOARD_AGENT_HTTP_PORT
(health endpoint on 127.0.0.1, 0 = any free port), SWITCHBOARD_AGENT_EXECUTOR ("thread", the
default, runs every job in this process; "process" one process per job, as LiveKit recommends for
heavy agents), SWITCHBOARD_AGENT_AUDIO_LOSS_SECONDS (no RTP packet from the caller for this long
is reported as lost audio: 2 by default).
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import math
import os
import shutil
import subprocess
import time
import wave
from datetime import datetime, timezone

from livekit import rtc
from livekit.agents import AgentServer, AutoSubscribe, JobContext, JobExecutorType, JobRequest

log = logging.getLogger("switchboard.reference-agent")

SAMPLE_RATE = 16000
FRAME_MS = 20
SAMPLES_PER_FRAME = SAMPLE_RATE * FRAME_MS // 1000

# The attributes other code reads: Switchboard's supervision reads switchboard.ticketsCreated; the
# telephony tests read the switchboard.received.* ones to prove what the dispatch carried.
ATTR_PREFIX = "switchboard.received."
ATTR_TICKETS = "switchboard.ticketsCreated"
ATTR_STATE = "switchboard.agentState"
# The caller's audio as the agent receives it: Switchboard's supervision tells a ghost (the PBX
# stopped sending RTP, LiveKit SIP's media timeout then drops the caller exactly as a BYE would)
# from a hangup by these two.
ATTR_CALLER_AUDIO = "switchboard.callerAudio"
ATTR_CALLER_AUDIO_LOST_AT = "switchboard.callerAudioLostAt"
AUDIO_FLOWING = "flowing"
AUDIO_LOST = "lost"


def _agent_name() -> str:
    name = os.environ.get("SWITCHBOARD_AGENT_NAME", "").strip()
    if not name:
        raise SystemExit("SWITCHBOARD_AGENT_NAME must name the agent Switchboard dispatches")
    return name


def _load_threshold() -> float:
    text = os.environ.get("SWITCHBOARD_AGENT_LOAD_THRESHOLD", "0.7").strip().lower()
    return math.inf if text in ("inf", "infinity", "none") else float(text)


def _audio_loss_seconds() -> float:
    """No RTP packet from the caller for this long is lost audio (a caller's silence still sends RTP)."""
    return float(os.environ.get("SWITCHBOARD_AGENT_AUDIO_LOSS_SECONDS", "2.0"))


def _executor() -> JobExecutorType:
    text = os.environ.get("SWITCHBOARD_AGENT_EXECUTOR", "thread").strip().lower()
    return JobExecutorType.PROCESS if text == "process" else JobExecutorType.THREAD


def _load_fnc():
    """Running jobs over SWITCHBOARD_AGENT_MAX_JOBS, or None for the framework's CPU load."""
    text = os.environ.get("SWITCHBOARD_AGENT_MAX_JOBS", "").strip()
    if not text:
        return None
    most = max(1, int(text))
    return lambda agent_server: min(1.0, len(agent_server.active_jobs) / most)


server = AgentServer(
    job_executor_type=_executor(),
    load_fnc=_load_fnc(),
    load_threshold=_load_threshold(),
    num_idle_processes=0 if _executor() == JobExecutorType.THREAD else 1,
    host="127.0.0.1",
    port=int(os.environ.get("SWITCHBOARD_AGENT_HTTP_PORT", "0")),
    # Leaving a call must not wait long for anything: the caller is gone.
    shutdown_process_timeout=5.0,
)


def parse_metadata(text: str) -> dict:
    """The dispatch metadata as a dict; {} when it is empty or not JSON (not a Switchboard job)."""
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def received_attributes(metadata: dict) -> dict[str, str]:
    """What the agent shows of the metadata: every config and call field, flat, as strings."""
    out: dict[str, str] = {}
    for section in ("config", "call"):
        values = metadata.get(section) or {}
        if isinstance(values, dict):
            for key, value in values.items():
                if value is not None:
                    out[f"{ATTR_PREFIX}{section}.{key}"] = str(value)
    for key in ("gpuHost", "activityId", "attempt"):
        if metadata.get(key) is not None:
            out[f"{ATTR_PREFIX}{key}"] = str(metadata[key])
    return out


def espeak_voice(language: str | None) -> str:
    """espeak-ng's voice for a BCP 47 tag: its language part (it-IT -> it), English by default."""
    if not language:
        return "en"
    return language.split("-")[0].lower() or "en"


def greeting_pcm(greeting: str | None, language: str | None) -> bytes:
    """16-bit mono PCM at SAMPLE_RATE: the greeting spoken by espeak-ng, else a 440 Hz tone of 1 s."""
    espeak = shutil.which("espeak-ng")
    if greeting and espeak:
        try:
            wav = subprocess.run(
                [espeak, "-v", espeak_voice(language), "--stdout", greeting],
                check=True,
                capture_output=True,
                timeout=10,
            ).stdout
            return _resample_wav(wav)
        except (subprocess.SubprocessError, OSError, wave.Error) as e:
            log.warning("espeak-ng failed (%s); playing a tone instead", e)
    return _tone(440.0, 1.0)


def _resample_wav(data: bytes) -> bytes:
    with wave.open(io.BytesIO(data)) as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise wave.Error("espeak-ng wrote an unexpected format")
        rate = w.getframerate()
        frames = w.readframes(w.getnframes())
    samples = memoryview(frames).cast("h")
    # Nearest-sample resampling: good enough for a greeting nobody needs to hear in the tests.
    count = len(samples) * SAMPLE_RATE // rate
    out = bytearray(count * 2)
    view = memoryview(out).cast("h")
    for i in range(count):
        view[i] = samples[i * rate // SAMPLE_RATE]
    return bytes(out)


def _tone(frequency: float, seconds: float) -> bytes:
    count = int(SAMPLE_RATE * seconds)
    out = bytearray(count * 2)
    view = memoryview(out).cast("h")
    for i in range(count):
        view[i] = int(8000 * math.sin(2 * math.pi * frequency * i / SAMPLE_RATE))
    return bytes(out)


async def play(source: rtc.AudioSource, pcm: bytes, stop: asyncio.Event) -> None:
    """Plays pcm once, then silence until stop: LiveKit SIP bridges a track that keeps flowing."""
    frame_bytes = SAMPLES_PER_FRAME * 2
    silence = bytes(frame_bytes)
    offset = 0
    while not stop.is_set():
        chunk = pcm[offset : offset + frame_bytes] if offset < len(pcm) else silence
        offset += frame_bytes
        if len(chunk) < frame_bytes:
            chunk = chunk + bytes(frame_bytes - len(chunk))
        frame = rtc.AudioFrame(chunk, SAMPLE_RATE, 1, SAMPLES_PER_FRAME)
        # capture_frame paces itself on the source's queue (real time).
        await source.capture_frame(frame)


class CallerAudio:
    """Whether the caller's RTP still arrives, from the packet count of the subscribed track.

    Counting packets, not decoded frames or their loudness: a silent caller still sends RTP (unless
    the PBX suppresses silence), and a receiver may conceal a gap with frames of its own.
    """

    def __init__(self, loss_after: float) -> None:
        self.loss_after = loss_after
        self.packets = -1
        self.last_packet_wall = time.time()
        self.last_packet_mono = time.monotonic()
        self.state = AUDIO_FLOWING

    def observe(self, packets: int, now_mono: float, now_wall: float) -> dict[str, str] | None:
        """Takes one packet count; returns the attributes to publish when the state changed."""
        if packets > self.packets:
            self.packets = packets
            self.last_packet_mono = now_mono
            self.last_packet_wall = now_wall
            if self.state == AUDIO_LOST:
                self.state = AUDIO_FLOWING
                return {ATTR_CALLER_AUDIO: AUDIO_FLOWING, ATTR_CALLER_AUDIO_LOST_AT: ""}
            return None
        if self.state == AUDIO_FLOWING and now_mono - self.last_packet_mono >= self.loss_after:
            self.state = AUDIO_LOST
            lost_at = datetime.fromtimestamp(self.last_packet_wall, timezone.utc)
            return {
                ATTR_CALLER_AUDIO: AUDIO_LOST,
                ATTR_CALLER_AUDIO_LOST_AT: lost_at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            }
        return None


async def inbound_packets(room: rtc.Room, track: rtc.RemoteAudioTrack) -> int | None:
    """RTP packets received so far on the caller's track, None when the stats do not say.

    The connection's inbound-rtp entries (the per-track stats of a remote track come back empty in
    this SDK; with LiveKit's single peer connection they are among the publisher's): the track's
    own by its identifier when one names it, else every inbound audio stream, as the agent
    subscribes to the caller's audio only.
    """
    stats = await room.get_rtc_stats()
    inbound = [
        s.inbound_rtp
        for s in [*stats.subscriber_stats, *stats.publisher_stats]
        if s.WhichOneof("stats") == "inbound_rtp" and s.inbound_rtp.stream.kind in ("audio", "")
    ]
    if not inbound:
        return None
    mine = [i for i in inbound if i.inbound.track_identifier == track.sid]
    return sum(i.received.packets_received for i in (mine or inbound))


async def watch_caller_audio(
    room: rtc.Room, track: rtc.RemoteAudioTrack, stop: asyncio.Event, loss_after: float
) -> None:
    """Publishes the caller's audio state as this agent's attributes until stop."""
    audio = CallerAudio(loss_after)
    log.info("watching the caller's audio (track %s) in room %s", track.sid, room.name)
    while not stop.is_set():
        try:
            packets = await inbound_packets(room, track)
        except Exception as e:  # stats of a track being torn down: the caller is leaving
            log.debug("no stats for the caller's track: %s", e)
            packets = None
        if packets is not None:
            change = audio.observe(packets, time.monotonic(), time.time())
            if change is not None:
                log.info("caller audio in room %s: %s", room.name, change)
                await room.local_participant.set_attributes(change)
        try:
            await asyncio.wait_for(stop.wait(), timeout=0.5)
        except asyncio.TimeoutError:
            pass


async def accept(request: JobRequest) -> None:
    # Every job offered under our agent name is Switchboard's explicit dispatch.
    await request.accept(
        name="Switchboard reference agent",
        identity=f"agent-{request.job.id}",
        attributes={ATTR_STATE: "joining"},
    )


@server.rtc_session(agent_name=_agent_name(), on_request=accept)
async def entrypoint(ctx: JobContext) -> None:
    metadata = parse_metadata(ctx.job.metadata)
    config = metadata.get("config") or {}
    call = metadata.get("call") or {}
    caller_identity = call.get("callerIdentity") or None

    stop = asyncio.Event()

    def is_caller(participant: rtc.RemoteParticipant) -> bool:
        if caller_identity:
            return participant.identity == caller_identity
        return participant.kind == rtc.ParticipantKind.PARTICIPANT_KIND_SIP

    def caller_left(participant: rtc.RemoteParticipant) -> None:
        if is_caller(participant):
            log.info("caller %s left room %s; leaving", participant.identity, ctx.room.name)
            stop.set()

    ctx.room.on("participant_disconnected", caller_left)

    watchers: dict[str, asyncio.Task] = {}

    def track_subscribed(
        track: rtc.Track, publication: rtc.RemoteTrackPublication, participant: rtc.RemoteParticipant
    ) -> None:
        if isinstance(track, rtc.RemoteAudioTrack) and is_caller(participant) and track.sid not in watchers:
            watchers[track.sid] = asyncio.create_task(
                watch_caller_audio(ctx.room, track, stop, _audio_loss_seconds())
            )

    # Handlers first: the caller's track may be subscribed while connect() is still returning.
    ctx.room.on("track_subscribed", track_subscribed)
    ctx.room.on("disconnected", lambda *_: stop.set())
    await ctx.connect(auto_subscribe=AutoSubscribe.AUDIO_ONLY)
    for participant in ctx.room.remote_participants.values():
        for publication in participant.track_publications.values():
            if publication.track is not None:
                track_subscribed(publication.track, publication, participant)

    source = rtc.AudioSource(SAMPLE_RATE, 1)
    track = rtc.LocalAudioTrack.create_audio_track("greeting", source)
    await ctx.room.local_participant.publish_track(
        track, rtc.TrackPublishOptions(source=rtc.TrackSource.SOURCE_MICROPHONE)
    )
    attributes = received_attributes(metadata)
    attributes[ATTR_STATE] = "speaking"
    attributes[ATTR_TICKETS] = "0"
    attributes[ATTR_CALLER_AUDIO] = AUDIO_FLOWING
    await ctx.room.local_participant.set_attributes(attributes)
    log.info(
        "answering room %s for organization %s, number %s: %r",
        ctx.room.name,
        call.get("organizationId"),
        call.get("calledNumber"),
        config.get("greeting"),
    )

    pcm = await asyncio.get_running_loop().run_in_executor(
        None, greeting_pcm, config.get("greeting"), config.get("language")
    )
    player = asyncio.create_task(play(source, pcm, stop))
    await stop.wait()
    player.cancel()
    for watcher in watchers.values():
        watcher.cancel()
    ctx.shutdown("caller left")
