import { defineConformance } from './conformance.js';
import { defineSmoke } from './smoke.js';

defineConformance('firefox');
defineSmoke('firefox');
