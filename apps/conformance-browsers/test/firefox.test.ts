import { defineConformance } from './conformance.js';

defineConformance('firefox');
