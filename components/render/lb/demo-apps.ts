/**
 * The source article's two load balancer tests, off by default (`loadBalancing.demoApps`):
 * - an Online Boutique-style `frontend-external` LoadBalancer Service in front of a stand-in
 *   `frontend` (an nginx; Online Boutique's own frontend needs its eleven backends), served by
 *   MetalLB, Cilium LB IPAM or, with only the AWS controller, an NLB with IP targets;
 * - the 2048 game (5 replicas) behind an internet-facing ALB with IP targets (the only target
 *   type that reaches pods on hybrid nodes), when the AWS Load Balancer Controller is on.
 * Pure.
 */
import { NetworkPlan } from "../../plan";
import { AWS_NLB_LB_CLASS, serviceLoadBalancerClass } from "./lb-classes";
import { K8sObject } from "./k8s-object";

export const BOUTIQUE_NAMESPACE = "online-boutique";
export const GAME_NAMESPACE = "game-2048";
const FRONTEND_IMAGE = "public.ecr.aws/nginx/nginx:1.27";
const GAME_IMAGE = "public.ecr.aws/l6m2t8p7/docker-2048:latest";

function deployment(name: string, namespace: string, app: string, image: string, replicas: number): K8sObject {
  const labels = { "app.kubernetes.io/name": app };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: app, image, ports: [{ containerPort: 80, name: "http" }] }] },
      },
    },
  };
}

/** How `frontend-external` gets its address: always a class (`lb-classes.ts`), NLB annotations for the AWS controller. */
function frontendExposure(plan: NetworkPlan): { annotations?: Record<string, string>; loadBalancerClass?: string } {
  const loadBalancerClass = serviceLoadBalancerClass(plan);
  if (loadBalancerClass !== AWS_NLB_LB_CLASS) return { loadBalancerClass };
  return {
    loadBalancerClass,
    annotations: {
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internet-facing",
      "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
    },
  };
}

export function boutiqueDemo(plan: NetworkPlan): K8sObject[] {
  const exposure = frontendExposure(plan);
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: BOUTIQUE_NAMESPACE } },
    deployment("frontend", BOUTIQUE_NAMESPACE, "frontend", FRONTEND_IMAGE, 2),
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: {
        name: "frontend-external",
        namespace: BOUTIQUE_NAMESPACE,
        ...(exposure.annotations ? { annotations: exposure.annotations } : {}),
      },
      spec: {
        type: "LoadBalancer",
        ...(exposure.loadBalancerClass ? { loadBalancerClass: exposure.loadBalancerClass } : {}),
        selector: { "app.kubernetes.io/name": "frontend" },
        ports: [{ name: "http", port: 80, targetPort: "http" }],
      },
    },
  ];
}

export function game2048Demo(): K8sObject[] {
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: GAME_NAMESPACE } },
    deployment("deployment-2048", GAME_NAMESPACE, "app-2048", GAME_IMAGE, 5),
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "service-2048", namespace: GAME_NAMESPACE },
      spec: {
        type: "ClusterIP",
        selector: { "app.kubernetes.io/name": "app-2048" },
        ports: [{ name: "http", port: 80, targetPort: "http" }],
      },
    },
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "Ingress",
      metadata: {
        name: "ingress-2048",
        namespace: GAME_NAMESPACE,
        annotations: { "alb.ingress.kubernetes.io/scheme": "internet-facing", "alb.ingress.kubernetes.io/target-type": "ip" },
      },
      spec: {
        ingressClassName: "alb",
        rules: [
          { http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "service-2048", port: { number: 80 } } } }] } },
        ],
      },
    },
  ];
}

/** The demo objects the plan's load balancers can serve (none when demoApps is off). */
export function demoAppObjects(plan: NetworkPlan): { boutique: K8sObject[]; game2048: K8sObject[] } {
  const lb = plan.loadBalancing;
  const any = Boolean(lb.metallb || lb.ciliumLbIpam || lb.awsLoadBalancerController);
  return {
    boutique: lb.demoApps && any ? boutiqueDemo(plan) : [],
    game2048: lb.demoApps && lb.awsLoadBalancerController ? game2048Demo() : [],
  };
}
