/**
 * A build step of the lab's network as a script: the `ip` (and `bridge`) commands of every
 * namespace are collected, then run as one `ip -n NS -batch -` per namespace and phase instead of
 * one process per command. Phases keep what depends on another namespace in order:
 * 1. `links`: links are created (a veth's peer lands in another namespace);
 * 2. sysctls, one process per namespace (per-device keys need the device);
 * 3. `ip`: addresses, link state, routes, rules, neighbours, in the order they were added;
 * 4. `bridge`: FDB entries (the devices exist and are up).
 * Within a namespace and phase the order is the order of the calls. A failing command stops the
 * script with the error `ip -n NS ARGS failed: MESSAGE` (the caller removes the namespaces).
 */
import { batch } from "./ip-run";
import { sysctls } from "./sys";

type Phase = "links" | "ip" | "bridge";

/** Collects `ip`/`bridge`/sysctl commands per namespace; {@link NetScript.run} applies them. */
export class NetScript {
  private readonly cmds: Record<Phase, Map<string, string[][]>> = { links: new Map(), ip: new Map(), bridge: new Map() };
  private readonly sysctl = new Map<string, [string, string | number][]>();

  private add(phase: Phase, ns: string, args: string[]): this {
    const m = this.cmds[phase];
    m.set(ns, [...(m.get(ns) ?? []), args]);
    return this;
  }

  /** `ip -n NS link add …` (phase 1: before anything that uses the link, in any namespace). */
  link(ns: string, ...args: string[]): this {
    if (args[0] !== "link" || args[1] !== "add") throw new Error(`NetScript.link takes "link add …", not ${args.join(" ")}`);
    return this.add("links", ns, args);
  }

  /** A veth pair: `a` in `nsA`, `b` in `nsB`, both up. */
  veth(nsA: string, a: string, nsB: string, b: string): this {
    this.link(nsA, "link", "add", a, "type", "veth", "peer", "name", b, "netns", nsB);
    return this.ip(nsA, "link", "set", a, "up").ip(nsB, "link", "set", b, "up");
  }

  /** `ip -n NS …` (phase 3). */
  ip(ns: string, ...args: string[]): this {
    return this.add("ip", ns, args);
  }

  /** `bridge -n NS …` (phase 4). */
  bridge(ns: string, ...args: string[]): this {
    return this.add("bridge", ns, args);
  }

  /** `sysctl -w key=value` in `ns` (phase 2). */
  set(ns: string, key: string, value: string | number): this {
    this.sysctl.set(ns, [...(this.sysctl.get(ns) ?? []), [key, value]]);
    return this;
  }

  /** The commands as they will run, in order (for tests and error reports). */
  steps(): { tool: "ip" | "bridge" | "sysctl"; ns: string; cmds: string[][] }[] {
    const of = (phase: Phase, tool: "ip" | "bridge") => [...this.cmds[phase]].map(([ns, cmds]) => ({ tool, ns, cmds }));
    return [
      ...of("links", "ip"),
      ...[...this.sysctl].map(([ns, kv]) => ({ tool: "sysctl" as const, ns, cmds: kv.map(([k, v]) => [`${k}=${v}`]) })),
      ...of("ip", "ip"),
      ...of("bridge", "bridge"),
    ];
  }

  /** Run every step; throws on the first failing command, naming it. */
  run(): void {
    for (const s of this.steps()) {
      if (s.tool === "sysctl") sysctls(s.ns, this.sysctl.get(s.ns)!);
      else batch(s.tool, s.ns, s.cmds);
    }
  }
}
