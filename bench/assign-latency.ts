/**
 * Submit → assigned latency through the table stream, SQS and the router, at a steady rate (20 petitions/s
 * for 60 s by default). The clock starts when the client sends the POST and stops at the `assigned` event's
 * commit time (same machine, same clock).
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { SingleBar } from 'cli-progress';
import { dynamoDocumentClient, sqs } from '../shared/adapters/aws-clients.ts';
import { currentInvocation } from '../shared/config/invocation.ts';
import { alikePetitions, type MixedPetition, petitionMix } from './support/petition-mix.ts';
import { coresBusy, coresBusyEvery, cpuPerUnit, sampleCpu } from './support/process-cpu.ts';
import { type BenchStack, pipelineHeldFrom, summarize } from './support/stack.ts';

/**
 * Counts every DynamoDB and SQS request by the function that made it (the local runtime knows which function
 * an invocation belongs to) and by operation; the pollers' own SQS requests count as `pollers`. Empty long
 * polls are left out: on AWS they are the pollers' fixed cost, not a petition's.
 */
function countRequests(clients: readonly { client: SQSClient; name: string }[]) {
  const counts: Record<string, number> = {};
  for (const { client, name } of clients)
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const operation = (context.commandName ?? 'unknown').replace(/Command$/, '');
        const empty =
          operation === 'ReceiveMessage' && !(result.output as { Messages?: unknown[] }).Messages?.length;
        if (!empty) {
          const key = `${currentInvocation()?.fn ?? name} ${operation}`;
          counts[key] = (counts[key] ?? 0) + 1;
        }
        return result;
      },
      { step: 'initialize', name: `latencyRequestCounter-${name}` },
    );
  return counts;
}

const IDLE_SAMPLE_MS = 10_000;
const SLICE_SECONDS = 10;
/**
 * Long enough for DynamoDB Local's JVM to finish compiling (a stand-in's warm-up: DynamoDB itself has none).
 * At 20 petitions/s its CPU per ten seconds falls from about 1.25 cores in the first 30 s to a steady 0.65–0.75
 * after about 40 s (`warmUpCoresBusy`); a 15-second warm-up left the first 20–30 s of the measured minute
 * running on a JVM that was still compiling, and those seconds were the slowest in most runs.
 */
const WARM_UP_SECONDS = 45;
/** The rate the target (p99 < 1 s) is set at. */
export const TARGET_RATE_PER_SECOND = 20;

/**
 * Sends `total` petitions at `rate` a second, open loop (on schedule whatever the answers), and returns when
 * every answer is in: accepted case ids with the time their POST was sent, and the statuses of refusals.
 */
async function sendAtRate(
  stack: BenchStack,
  rate: number,
  petitions: readonly MixedPetition[],
  onAnswer?: () => void,
) {
  const total = petitions.length;
  const sent = new Map<string, number>();
  const failures: number[] = [];
  const inFlight: Promise<void>[] = [];
  const startedAt = Date.now();
  for (let index = 0; index < total; index++) {
    const { phone, ...petition } = petitions[index]!;
    const due = startedAt + (index * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const sentAt = Date.now();
    inFlight.push(
      fetch(`${stack.runtime.url}/api/petitions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // Each from another resident: one person sending the same text twice is one submission (a double click).
        body: JSON.stringify({ ...petition, petitioner: { phone } }),
      }).then(async (response) => {
        if (response.status !== 201) failures.push(response.status);
        else sent.set(((await response.json()) as { caseId: string }).caseId, sentAt);
        onAnswer?.();
      }),
    );
  }
  await Promise.all(inFlight);
  return { sent, failures };
}

export async function benchAssignLatency(
  stack: BenchStack,
  options: {
    ratePerSecond?: number;
    seconds?: number;
    /** `county` (the default): a county's petitions; `alike`: the near-identical texts of earlier runs. */
    texts?: 'county' | 'alike';
    progress?: (name: string, total: number) => SingleBar | undefined;
  } = {},
) {
  const rate = options.ratePerSecond ?? TARGET_RATE_PER_SECOND;
  const seconds = options.seconds ?? 60;
  const total = rate * seconds;
  // Warm-up, not measured (as the intake bench warms up): a fresh stack's first petitions run through code that
  // neither V8 nor DynamoDB Local's JVM has compiled yet, and a deployed system's functions are warm too.
  const warmUp = Math.min(total, rate * WARM_UP_SECONDS);
  const petitions = (options.texts === 'alike' ? alikePetitions : petitionMix)(warmUp + total);
  const warmUpCpu = coresBusyEvery(stack.emulators.dynamodbPid, SLICE_SECONDS);
  await sendAtRate(stack, rate, petitions.slice(0, warmUp));
  await stack.runtime.settled();
  const warmUpCoresBusy = warmUpCpu.stop();
  const counts = countRequests([
    { client: dynamoDocumentClient() as unknown as SQSClient, name: 'other' },
    { client: sqs(), name: 'other' },
    { client: stack.runtime.clients.sqs, name: 'pollers' },
  ]);
  const bar = options.progress?.(`submit → assigned at ${rate}/s for ${seconds} s`, total);
  // The stack's cost with nothing to do (pollers reading empty streams and queues), so that the cost of
  // petitions below can be told apart from the cost of time passing.
  const idleFrom = sampleCpu(stack.emulators.dynamodbPid);
  await new Promise((resolve) => setTimeout(resolve, IDLE_SAMPLE_MS));
  // The idle sample's end is where the petitions' account starts.
  const cpuAtStart = sampleCpu(stack.emulators.dynamodbPid);
  const idleCoresBusy = coresBusy(idleFrom, cpuAtStart, IDLE_SAMPLE_MS / 1000);
  const startedAt = Date.now();
  const held = pipelineHeldFrom(stack);
  const measuredCpu = coresBusyEvery(stack.emulators.dynamodbPid, SLICE_SECONDS);
  const { sent, failures } = await sendAtRate(stack, rate, petitions.slice(warmUp), () => bar?.increment());
  const store = stack.runtime.caseStore;
  const latencies: number[] = [];
  /** The latencies by the ten seconds of the minute their petition was sent in: a slow stretch shows. */
  const bySlice: number[][] = Array.from({ length: Math.ceil(seconds / SLICE_SECONDS) }, () => []);
  /** Where the time went: from the POST to the case's first event's commit, and from there to routed. */
  const toCommitted: number[] = [];
  const committedToRouted: number[] = [];
  const deadline = Date.now() + 60_000;
  const pending = new Set(sent.keys());
  while (pending.size > 0 && Date.now() < deadline) {
    for (const caseId of [...pending]) {
      const timeline = await store.timeline(caseId);
      const routed = timeline.find((event) => event.type === 'assigned' || event.type === 'triaged');
      if (routed) {
        const latency = Date.parse(routed.at) - sent.get(caseId)!;
        latencies.push(latency);
        const slice = Math.floor((sent.get(caseId)! - startedAt) / (SLICE_SECONDS * 1000));
        bySlice[Math.min(slice, bySlice.length - 1)]!.push(latency);
        const committedAt = Date.parse(timeline[0]!.at);
        toCommitted.push(committedAt - sent.get(caseId)!);
        committedToRouted.push(Date.parse(routed.at) - committedAt);
        pending.delete(caseId);
      }
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const cpuAtRouted = sampleCpu(stack.emulators.dynamodbPid);
  const coresBusyBySlice = measuredCpu.stop();
  const pipelineHeld = held();
  const secondsToRouted = (Date.now() - startedAt) / 1000;
  // Everything the petitions set in motion (notices, similar cases, report facts), then the count per petition.
  await stack.runtime.settled();
  const cpuAtEnd = sampleCpu(stack.emulators.dynamodbPid);
  const perPetition = Object.fromEntries(
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([key, count]) => [key, Math.round((count / Math.max(1, sent.size)) * 100) / 100]),
  );
  const requestsPerPetition =
    Math.round(Object.values(perPetition).reduce((sum, each) => sum + each, 0) * 10) / 10;
  return {
    rate,
    seconds,
    texts: options.texts ?? 'county',
    requestsPerPetition,
    requestsPerPetitionByFunction: perPetition,
    // What one petition costs in CPU, from the first POST to the last routed case and to a settled pipeline
    // (notices, similar cases and report facts done too). The router path has to fit into the first.
    cpuMsPerPetition: {
      toRouted: cpuPerUnit(cpuAtStart, cpuAtRouted, sent.size),
      toSettled: cpuPerUnit(cpuAtStart, cpuAtEnd, sent.size),
    },
    // Cores each process kept busy while the petitions were sent and routed: this process's event loop
    // gives at most 1 (its worker threads could add more), DynamoDB Local may use any.
    coresBusyToRouted: coresBusy(cpuAtStart, cpuAtRouted, secondsToRouted),
    // The same by ten seconds: during the warm-up (whether the JVM had settled) and from the first POST on.
    warmUpSeconds: WARM_UP_SECONDS,
    warmUpCoresBusy,
    coresBusyBySlice,
    idleCoresBusy,
    submitted: total,
    accepted: sent.size,
    refused: failures.length,
    notRoutedInTime: pending.size,
    latencyMs: summarize(latencies),
    stagesMs: { toCommitted: summarize(toCommitted), committedToRouted: summarize(committedToRouted) },
    latencyMsBySlice: bySlice.map((slice, index) => ({
      sentFromSecond: index * SLICE_SECONDS,
      ...summarize(slice),
    })),
    // How often the pipeline gave way to the API from the first POST to the last routed case: at this
    // steady rate the API is never in a burst, so none.
    pipelineHeld,
    targetP99Ms: 1000,
  };
}
