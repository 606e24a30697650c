/** EC2 actions: terminate, stop and start instances, by id or tag selector. */
package dev.guard.action.ec2;
