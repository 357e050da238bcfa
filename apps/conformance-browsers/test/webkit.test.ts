import { defineConformance } from './conformance.js';

defineConformance('webkit');
