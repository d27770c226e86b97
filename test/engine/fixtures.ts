import type { Level, Phase } from '../../src/engine/types.js';

/** The levels of questions/levels.yaml as the bank loader gives them. */
export const levels: Level[] = [
  { id: 'junior', name: 'Junior', centre: -1.5, upTo: -0.75, years: [0, 2] },
  { id: 'mid', name: 'Mid-level', centre: 0, upTo: 0.75, years: [2, 5] },
  { id: 'senior', name: 'Senior', centre: 1.5, upTo: 2.25, years: [5, 8] },
  { id: 'principal', name: 'Principal', centre: 3, years: [8, 50] },
];

/** A cut-down questions/phases.yaml. */
export const phases: Phase[] = [
  {
    id: 'beginner',
    name: 'Beginner',
    steps: [
      { title: 'HTTP & Networking', detail: 'Request/response', topics: ['http-fundamentals'] },
      { title: 'Database Fundamentals', detail: 'SQL basics', topics: ['sql-fundamentals'] },
    ],
    projects: ['Simple REST API'],
  },
  {
    id: 'intermediate',
    name: 'Intermediate',
    steps: [
      { title: 'Database Design', detail: 'Schema design', topics: ['database-design', 'postgresql'] },
      { title: 'Authentication', detail: 'JWT', topics: ['auth'] },
    ],
    projects: ['E-commerce backend'],
  },
  {
    id: 'advanced',
    name: 'Advanced',
    steps: [{ title: 'Performance', detail: 'Caching', topics: ['caching', 'postgresql'] }],
    projects: ['High-traffic SaaS backend'],
  },
];
