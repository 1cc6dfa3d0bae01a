/**
 * The AWS Load Balancer Controller chart version must work with hybrid nodes (chart 1.14.1 /
 * controller v2.14.1 or later) and be a line whose IAM policy the program carries
 * (`versions/alb-controller.ts`).
 */
import { ALB_CONTROLLER_FIRST_HYBRID_CHART, ALB_CONTROLLER_LINES, albControllerLine, compareVersions } from "../versions/alb-controller";
import { Keyed, Problem } from "./problem";

const supported = () => ALB_CONTROLLER_LINES.map((l) => `${l.chartLine}.x (≥ ${l.minChart}, controller ${l.controller}+)`).join(", ");

export function checkAlbControllerVersion({ key, value }: Keyed): Problem[] {
  if (albControllerLine(value)) return [];
  if (compareVersions(value, ALB_CONTROLLER_FIRST_HYBRID_CHART) < 0) {
    return [
      {
        key,
        value,
        rule: `is older than chart ${ALB_CONTROLLER_FIRST_HYBRID_CHART} (controller v2.14.1), the first that resolves the pod ENIs of pods on hybrid nodes (kubernetes-sigs/aws-load-balancer-controller #4315, fixed by #4336): its TargetGroupBindings would never settle; use one of ${supported()}`,
      },
    ];
  }
  return [{ key, value, rule: `is not a chart line whose IAM policy this program carries; use one of ${supported()}` }];
}
