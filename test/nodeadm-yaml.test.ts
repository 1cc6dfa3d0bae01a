/**
 * nodeadm files are written without a YAML library (5,000 nodes × two renderings), so they are
 * checked against two independent YAML readers: the `yaml` package as YAML 1.2 (core schema) and
 * as YAML 1.1, which is what nodeadm reads them with (Go, sigs.k8s.io/yaml → go-yaml v2, where
 * `yes`, `on`, `y` are booleans: https://yaml.org/type/bool.html). Every rendering must read back
 * as exactly `nodeConfig(...)`, the object the renderer claims to write.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { propertyRuns } from "./helpers/property-runs";
import { parse } from "yaml";
import { NodeCredentials, nodeConfig, renderNodeadm } from "../components/render/nodeadm";
import { yamlScalar } from "../components/render/yaml-text";
import { planFor } from "./helpers/plan-for";
import { trickyYamlString } from "./helpers/yaml-strings";

const plan = planFor("dev");

/** Both readers, so a scalar that is a string only in YAML 1.2 fails. */
function readBoth(text: string): unknown[] {
  return [parse(text), parse(text, { version: "1.1" })];
}

const tricky = trickyYamlString;

describe("nodeadm YAML without a YAML library", () => {
  it("every scalar reads back as the same string in YAML 1.2 and 1.1", () => {
    fc.assert(
      fc.property(tricky, (s) => {
        for (const v of readBoth(`k: ${yamlScalar(s)}\n`)) assert.deepEqual(v, { k: s }, JSON.stringify(yamlScalar(s)));
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  it("whole NodeConfigs with arbitrary names, labels and credentials read back as nodeConfig()", () => {
    const creds: fc.Arbitrary<NodeCredentials> = fc.oneof(
      fc.record({ kind: fc.constant("ssm" as const), activationId: tricky, activationCode: tricky }),
      fc.record({ kind: fc.constant("iam-roles-anywhere" as const), trustAnchorArn: tricky, profileArn: tricky, roleArn: tricky }),
    );
    fc.assert(
      fc.property(tricky, tricky, fc.dictionary(tricky, tricky, { maxKeys: 4 }), creds, (name, ip, labels, c) => {
        const node = { ...plan.nodes[0], name, ip, labels };
        const expected = nodeConfig(plan, node, c);
        for (const v of readBoth(renderNodeadm(plan, node, c))) assert.deepEqual(v, expected);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it("the checks fail on a renderer that writes strings plain (planted fault)", () => {
    const naive = (s: string) => s;
    const misread = (s: string) => {
      try {
        return readBoth(`k: ${naive(s)}\n`).some((v) => JSON.stringify(v) !== JSON.stringify({ k: s }));
      } catch {
        return true; // not even YAML
      }
    };
    const caught = ["yes", "on", "true", "a: b", "#x", "[x]", "1:20"].filter(misread);
    assert.deepEqual(caught, ["yes", "on", "true", "a: b", "#x", "[x]", "1:20"]);
  });

  it("ordinary values stay plain, as a YAML library writes them (files read the same as before)", () => {
    assert.equal(
      renderNodeadm(plan, plan.nodes[0], { kind: "ssm", activationId: "<ssm.activationId>", activationCode: "[secret]" }),
      [
        "apiVersion: node.eks.aws/v1alpha1",
        "kind: NodeConfig",
        "spec:",
        "  cluster:",
        "    name: hybrid-dev",
        "    region: us-west-2",
        "  hybrid:",
        "    ssm:",
        '      activationCode: "[secret]"',
        "      activationId: <ssm.activationId>",
        "  kubelet:",
        "    flags:",
        "      - --node-ip=192.168.200.11",
        "      - --node-labels=zone=node-01",
        "",
      ].join("\n"),
    );
  });
});
